package dev.obsdemo.orders.domain;

import dev.obsdemo.common.deadline.Deadline;
import dev.obsdemo.common.deadline.Deadlines;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.SqlErrors;
import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.common.resilience.DownstreamRequestFailure;
import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.orders.client.UserDirectory;
import dev.obsdemo.orders.telemetry.OrderMetrics;
import io.opentelemetry.api.trace.Span;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Creates one order: asks user-service whether the user exists, prices the lines from the catalog and stores
 * the order in a transaction of its own, so it is committed (and visible to a concurrent retry) when this
 * returns. Whether an order should be created at all is {@link OrderPlacement}'s decision.
 *
 * <p>Under the caller's deadline ({@code X-Request-Timeout-Ms}) every step ends by then: the user check is cut
 * to leave the insert its allowance, the insert is not started without that allowance, and PostgreSQL cancels
 * it at the deadline. A caller that is told 503 (or gave up) therefore finds no order created later, except
 * one committed in the last {@code CallPolicy.ANSWER_RESERVE_MS} whose answer came too late; a retry with the
 * same Idempotency-Key finds that one.
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
     *     exists (down, too slow, suspended) or the request's deadline leaves no time to store the order; 502
     *     when user-service failed on this request
     */
    public OrderView create(long userId, List<OrderLine> lines, String idempotencyKey, String requestHash) {
        ensureUserExists(userId);
        Optional<Deadline> deadline = Deadlines.current();
        refuseUnlessTimeIsLeft(deadline);
        OrderView order;
        try {
            order = QuarkusTransaction.requiringNew().call(() -> {
                deadline.ifPresent(OrderCreator::cancelStatementsAt);
                Order created = Order.confirmed(userId, prices.price(lines), idempotencyKey, requestHash);
                created.persistAndFlush();
                if (deadline.isPresent() && deadline.get().hasPassed()) {
                    throw notStoredInTime(null); // rolled back: the caller has stopped waiting for this commit
                }
                return OrderView.of(created);
            });
        } catch (RuntimeException e) {
            if (idempotencyKey != null && SqlErrors.isUniqueViolation(e)) {
                throw new DuplicateKeyException();
            }
            if (SqlErrors.isStatementCancelled(e)) {
                throw notStoredInTime(e);
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

    /**
     * The insert is not started unless the request's deadline leaves it its allowance
     * ({@code CallPolicy.CALLEE_WORK_BUDGET_MS}): the caller would give up before the answer, and then never
     * learn of an order created after all.
     */
    private static void refuseUnlessTimeIsLeft(Optional<Deadline> deadline) {
        if (deadline.isPresent() && deadline.get().remaining().toMillis() < CallPolicy.CALLEE_WORK_BUDGET_MS) {
            throw notStoredInTime(null);
        }
    }

    /**
     * PostgreSQL cancels any statement of the transaction still running at the deadline ({@code statement_timeout},
     * local to the transaction): a slow or locked insert rolls back instead of committing an order whose caller
     * has given up. Checked after the connection is taken, so a wait for a pooled connection counts too, and again
     * before the commit, for the time spent between statements.
     */
    private static void cancelStatementsAt(Deadline deadline) {
        long left = deadline.remaining().toMillis();
        if (left < 1) {
            throw notStoredInTime(null);
        }
        Order.getEntityManager()
                .createNativeQuery("select set_config('statement_timeout', ?1, true)")
                .setParameter(1, left + "ms")
                .getSingleResult();
    }

    private static ProblemException notStoredInTime(Throwable cause) {
        return ProblemException.serviceUnavailable(
                "The order could not be stored within the time this request was given; nothing was created", cause);
    }

    /** Another request stored an order with the same Idempotency-Key first: the caller replays that order. */
    static final class DuplicateKeyException extends RuntimeException {
        DuplicateKeyException() {
            super(null, null, false, false); // control flow, not an error: no stack trace
        }
    }
}
