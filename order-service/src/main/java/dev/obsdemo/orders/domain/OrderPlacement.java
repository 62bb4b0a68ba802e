package dev.obsdemo.orders.domain;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.orders.domain.IdempotencyKeys.Claim;
import dev.obsdemo.orders.telemetry.OrderMetrics;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Places orders: without an Idempotency-Key every request creates one ({@link OrderCreator}); with one, a key
 * creates one order and every retry with the same body is answered with it. A key is scoped to the order's
 * user: in Redis under {@code <userId>:<key>}, in the database unique per ({@code user_id}, {@code idempotency_key}).
 *
 * <p>Exactly-once per key has two layers. Redis ({@link IdempotencyKeys}) lets one request at a time work
 * on a key and makes concurrent retries wait for its result. The unique {@code idempotency_key} column makes
 * the database refuse a second order for a key even when Redis is down or has forgotten the key; the loser
 * of that race replays the winner's order.
 */
@ApplicationScoped
public class OrderPlacement {

    private final OrderCreator creator;
    private final IdempotencyKeys keys;
    private final OrderQueries queries;
    private final OrderMetrics metrics;

    public OrderPlacement(OrderCreator creator, IdempotencyKeys keys, OrderQueries queries, OrderMetrics metrics) {
        this.creator = creator;
        this.keys = keys;
        this.queries = queries;
        this.metrics = metrics;
    }

    /**
     * Places an order, or answers with the one an earlier request with the same Idempotency-Key created.
     *
     * @param lines the requested lines, each sku at most once
     * @param idempotencyKey the validated header, or null: then every call creates an order
     * @return the order, and whether it is a replay
     * @throws ProblemException 400 when a sku is repeated; 422 for an unknown user or sku, or a key used with
     *         another body; 409 when the key is still in progress after {@code orders.idempotency.wait}; 503
     *         when user-service cannot say whether the user exists; 502 when it failed on this request
     */
    public PlacedOrder place(long userId, List<OrderLine> lines, String idempotencyKey) {
        rejectRepeatedSkus(lines);
        Span.current().setAttribute(AppAttributes.USER_ID, Long.toString(userId));
        if (idempotencyKey == null) {
            return new PlacedOrder(creator.create(userId, lines, null, null), false);
        }
        String requestHash = IdempotencyRules.requestHash(userId, lines);
        // A key is the user's: another user's identical key is another key, in Redis and in the database.
        String userKey = userId + ":" + idempotencyKey;
        while (true) {
            Claim claim = keys.claim(userKey, requestHash);
            if (claim instanceof Claim.Held held) {
                return createHolding(held, userId, lines, idempotencyKey);
            }
            if (claim instanceof Claim.Unavailable) {
                return createOrReplay(userId, lines, idempotencyKey, requestHash);
            }
            Claim.Replay replay = (Claim.Replay) claim;
            Optional<OrderView> earlier = queries.find(replay.orderId());
            if (earlier.isPresent()) {
                return replayed(earlier.get());
            }
            keys.forget(replay); // Redis remembers an order the database does not have: claim the key afresh
        }
    }

    /** Redis layer: this request holds the key, and completes it with its new order or releases it. */
    private PlacedOrder createHolding(Claim.Held held, long userId, List<OrderLine> lines, String idempotencyKey) {
        boolean completed = false;
        try {
            PlacedOrder placed = createOrReplay(userId, lines, idempotencyKey, held.requestHash());
            if (!placed.replayed()) {
                keys.complete(held, placed.order().id());
                completed = true;
            }
            return placed;
        } finally {
            if (!completed) {
                keys.release(held); // it failed, or the database had the key's order: a retry may take the key
            }
        }
    }

    /**
     * Database layer: the unique ({@code user_id}, {@code idempotency_key}) pair lets in one order per user and key,
     * whatever Redis knows.
     */
    private PlacedOrder createOrReplay(long userId, List<OrderLine> lines, String key, String requestHash) {
        Optional<Order> earlier = Order.findByIdempotencyKey(userId, key);
        if (earlier.isPresent()) {
            return replayStored(earlier.get(), requestHash);
        }
        try {
            return new PlacedOrder(creator.create(userId, lines, key, requestHash), false);
        } catch (OrderCreator.DuplicateKeyException raced) {
            return replayStored(Order.findByIdempotencyKey(userId, key).orElseThrow(), requestHash);
        }
    }

    private static void rejectRepeatedSkus(List<OrderLine> lines) {
        List<String> repeated =
                lines.stream().collect(Collectors.groupingBy(OrderLine::sku, Collectors.counting())).entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList();
        if (!repeated.isEmpty()) {
            throw ProblemException.badRequest(
                    "Each sku may appear once; repeated: " + String.join(", ", repeated),
                    repeated.stream()
                            .map(sku -> new Problem.FieldError("items", "sku " + sku + " appears more than once"))
                            .toList());
        }
    }

    private PlacedOrder replayStored(Order order, String requestHash) {
        if (!order.requestHash.equals(requestHash)) {
            throw IdempotencyRules.keyReused();
        }
        return replayed(OrderView.of(order));
    }

    private PlacedOrder replayed(OrderView order) {
        metrics.idempotentReplay();
        Span.current().setAttribute(AppAttributes.ORDER_ID, order.id());
        Span.current().setAttribute(AppAttributes.IDEMPOTENCY_REPLAYED, true);
        return new PlacedOrder(order, true);
    }
}
