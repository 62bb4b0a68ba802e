package dev.obsdemo.orders.domain;

import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.SqlErrors;
import dev.obsdemo.orders.client.UserDirectory;
import dev.obsdemo.orders.config.OrdersConfig;
import dev.obsdemo.orders.domain.IdempotencyStore.State;
import dev.obsdemo.orders.telemetry.OrderMetrics;
import io.opentelemetry.api.trace.Span;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Places orders: checks the user with user-service, prices every line from the catalog, and stores the
 * order once per Idempotency-Key.
 *
 * <p>Exactly-once per key has two layers. Redis ({@link IdempotencyStore}) lets one request at a time work
 * on a key and tells concurrent retries to wait for its result. The unique {@code idempotency_key} column
 * makes the database refuse a second order for a key even when Redis is down or has forgotten the key; the
 * loser of that race replays the winner's order.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);

    private final UserDirectory users;
    private final IdempotencyStore idempotency;
    private final PriceCalculator prices;
    private final OrderQueries queries;
    private final Duration waitForConcurrentRequest;
    private final OrderMetrics metrics;

    public OrderService(UserDirectory users, IdempotencyStore idempotency, PriceCalculator prices, OrderQueries queries,
            OrderMetrics metrics, OrdersConfig config) {
        this.users = users;
        this.idempotency = idempotency;
        this.prices = prices;
        this.queries = queries;
        this.waitForConcurrentRequest = config.idempotency().waitForHolder();
        this.metrics = metrics;
    }

    public PlacedOrder place(long userId, List<OrderLine> lines, String idempotencyKey) {
        rejectRepeatedSkus(lines);
        Span.current().setAttribute(AppAttributes.USER_ID, Long.toString(userId));
        if (idempotencyKey == null) {
            return new PlacedOrder(create(userId, lines, null, null), false);
        }
        String requestHash = requestHash(userId, lines);
        long deadline = System.nanoTime() + waitForConcurrentRequest.toNanos();
        while (true) {
            State state = acquire(idempotencyKey, requestHash);
            if (state == null || state instanceof State.Acquired) {
                // null: Redis is unavailable and the database constraint alone keeps creation exactly-once.
                return createOnce(userId, lines, idempotencyKey, requestHash, state != null);
            }
            if (state instanceof State.Done done) {
                ensureSameRequest(done.requestHash(), requestHash);
                Optional<OrderView> earlier = queries.find(done.orderId());
                if (earlier.isPresent()) {
                    return replayed(earlier.get());
                }
                release(idempotencyKey); // Redis remembers an order the database does not have: forget it
                continue;
            }
            // Another request holds the key: wait for its order, or take the key over if it gives up.
            ensureSameRequest(((State.Pending) state).requestHash(), requestHash);
            if (System.nanoTime() > deadline) {
                throw ProblemException.conflictRetryLater("idempotency-key-in-use",
                        "A request with this Idempotency-Key is still being processed; retry later", 1);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private PlacedOrder createOnce(long userId, List<OrderLine> lines, String key, String requestHash, boolean holdsKey) {
        try {
            Optional<Order> earlier = Order.find("idempotencyKey", key).firstResultOptional();
            if (earlier.isPresent()) {
                return replayStored(earlier.get(), requestHash);
            }
            OrderView order = create(userId, lines, key, requestHash);
            if (holdsKey) {
                complete(key, requestHash, order.id());
                holdsKey = false;
            }
            return new PlacedOrder(order, false);
        } catch (DuplicateKeyException raced) {
            return replayStored(Order.<Order> find("idempotencyKey", key).firstResult(), requestHash);
        } finally {
            if (holdsKey) {
                release(key); // this request failed: let a retry with the same key try again
            }
        }
    }

    private OrderView create(long userId, List<OrderLine> lines, String idempotencyKey, String requestHash) {
        ensureUserExists(userId);
        try {
            OrderView order = QuarkusTransaction.requiringNew().call(() -> {
                PriceCalculator.Priced priced = prices.price(lines);
                Order o = new Order();
                o.userId = userId;
                o.status = Order.CONFIRMED;
                o.idempotencyKey = idempotencyKey;
                o.requestHash = requestHash;
                o.createdAt = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
                for (PriceCalculator.PricedLine line : priced.lines()) {
                    OrderItem item = new OrderItem();
                    item.order = o;
                    item.sku = line.sku();
                    item.quantity = line.quantity();
                    item.unitPriceCents = line.unitPriceCents();
                    o.items.add(item);
                }
                o.totalCents = priced.totalCents();
                o.persistAndFlush();
                return OrderView.of(o);
            });
            metrics.orderCreated(order.totalCents());
            Span.current().setAttribute(AppAttributes.ORDER_ID, order.id());
            LOG.infof("Order %d created for user %d: %d items, %d cents", order.id(), userId, order.items().size(), order.totalCents());
            return order;
        } catch (RuntimeException e) {
            if (idempotencyKey != null && SqlErrors.isUniqueViolation(e)) {
                throw new DuplicateKeyException();
            }
            throw e;
        }
    }

    private void ensureUserExists(long userId) {
        boolean exists;
        try {
            exists = users.exists(userId);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ProblemException.serviceUnavailable("user-service is unavailable: cannot check user " + userId, e);
        }
        if (!exists) {
            throw ProblemException.unprocessable("unknown-user", "User " + userId + " does not exist");
        }
    }

    private static void rejectRepeatedSkus(List<OrderLine> lines) {
        List<String> repeated = lines.stream().collect(Collectors.groupingBy(OrderLine::sku, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        if (!repeated.isEmpty()) {
            throw ProblemException.badRequest("Each sku may appear once; repeated: " + String.join(", ", repeated),
                    repeated.stream().map(sku -> new Problem.FieldError("items", "sku " + sku + " appears more than once")).toList());
        }
    }

    private PlacedOrder replayStored(Order order, String requestHash) {
        ensureSameRequest(order.requestHash, requestHash);
        return replayed(OrderView.of(order));
    }

    private PlacedOrder replayed(OrderView order) {
        metrics.idempotentReplay();
        Span.current().setAttribute(AppAttributes.ORDER_ID, order.id());
        Span.current().setAttribute(AppAttributes.IDEMPOTENCY_REPLAYED, true);
        return new PlacedOrder(order, true);
    }

    private static void ensureSameRequest(String storedHash, String requestHash) {
        if (!storedHash.equals(requestHash)) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new order");
        }
    }

    private State acquire(String key, String requestHash) {
        try {
            return idempotency.acquire(key, requestHash);
        } catch (RuntimeException e) {
            redisUnavailable("acquire", e);
            return null;
        }
    }

    private void complete(String key, String requestHash, long orderId) {
        try {
            idempotency.complete(key, requestHash, orderId);
        } catch (RuntimeException e) {
            redisUnavailable("complete", e); // the database row still answers later retries
        }
    }

    private void release(String key) {
        try {
            idempotency.release(key);
        } catch (RuntimeException e) {
            redisUnavailable("release", e); // the pending entry expires by itself
        }
    }

    private static void redisUnavailable(String operation, RuntimeException e) {
        LOG.warnf("Redis idempotency %s failed, relying on the database constraint: %s", operation, e.toString());
    }

    static String requestHash(long userId, List<OrderLine> lines) {
        String canonical = userId + "|" + lines.stream()
                .sorted(Comparator.comparing(OrderLine::sku))
                .map(l -> l.sku() + "x" + l.quantity())
                .collect(Collectors.joining(","));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.serviceUnavailable("Interrupted while waiting for a concurrent request", e);
        }
    }

    /** Another request stored an order with the same Idempotency-Key first. */
    private static final class DuplicateKeyException extends RuntimeException {
        DuplicateKeyException() {
            super(null, null, false, false);
        }
    }
}
