package dev.obsdemo.orders.domain;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.SqlErrors;
import dev.obsdemo.common.resilience.DownstreamRequestFailure;
import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.orders.client.UserDirectory;
import dev.obsdemo.orders.telemetry.OrderMetrics;
import io.opentelemetry.api.trace.Span;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Creates one order: asks user-service whether the user exists, prices the lines from the catalog and stores
 * the order in a transaction of its own, so it is committed (and visible to a concurrent retry) when this
 * returns. Whether an order should be created at all is {@link OrderPlacement}'s decision.
 */
@ApplicationScoped
public class OrderCreator {

    private static final Logger LOG = Logger.getLogger(OrderCreator.class);

    private final UserDirectory users;
    private final PriceCalculator prices;
    private final OrderMetrics metrics;

    public OrderCreator(UserDirectory users, PriceCalculator prices, OrderMetrics metrics) {
        this.users = users;
        this.prices = prices;
        this.metrics = metrics;
    }

    /**
     * Creates and commits the order.
     *
     * @param idempotencyKey the request's Idempotency-Key, stored in the unique {@code idempotency_key} column, or null
     * @param requestHash the hash of the request's order ({@link IdempotencyRules#requestHash}), or null without a key
     * @throws DuplicateKeyException when another order has this Idempotency-Key already
     * @throws ProblemException 422 for an unknown user or sku; 503 when user-service cannot say whether the user
     *     exists (down, too slow, suspended); 502 when it failed on this request
     */
    public OrderView create(long userId, List<OrderLine> lines, String idempotencyKey, String requestHash) {
        ensureUserExists(userId);
        OrderView order;
        try {
            order = QuarkusTransaction.requiringNew().call(() -> {
                Order created = Order.confirmed(userId, prices.price(lines), idempotencyKey, requestHash);
                created.persistAndFlush();
                return OrderView.of(created);
            });
        } catch (RuntimeException e) {
            if (idempotencyKey != null && SqlErrors.isUniqueViolation(e)) {
                throw new DuplicateKeyException();
            }
            throw e;
        }
        metrics.orderCreated(order.totalCents());
        Span.current().setAttribute(AppAttributes.ORDER_ID, order.id());
        LOG.infof(
                "Order %d created for user %d: %d items, %d cents",
                order.id(), userId, order.items().size(), order.totalCents());
        return order;
    }

    private void ensureUserExists(long userId) {
        boolean exists;
        String consequence = ": cannot check user " + userId;
        try {
            exists = users.exists(userId);
        } catch (ProblemException e) {
            throw e;
        } catch (DownstreamRequestFailure e) {
            // user-service is up and failed on this request: a 502, which callers do not count as order-service
            // being unavailable.
            throw ProblemException.dependencyFailed(e.getMessage() + consequence, e);
        } catch (RuntimeException e) {
            throw ProblemException.serviceUnavailable(
                    ProblemException.describeFailure("user-service", e) + consequence, e);
        }
        if (!exists) {
            throw ProblemException.unprocessable("unknown-user", "User " + userId + " does not exist");
        }
    }

    /** Another request stored an order with the same Idempotency-Key first: the caller replays that order. */
    static final class DuplicateKeyException extends RuntimeException {
        DuplicateKeyException() {
            super(null, null, false, false); // control flow, not an error: no stack trace
        }
    }
}
