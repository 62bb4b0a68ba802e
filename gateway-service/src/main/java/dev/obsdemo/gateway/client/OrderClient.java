package dev.obsdemo.gateway.client;

import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_DELAY_MS;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_FAILURE_RATIO;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_SUCCESS_THRESHOLD;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_BREAKER_WINDOW;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_ORDER_READ_RETRIES;
import static dev.obsdemo.common.resilience.CallPolicy.RETRY_DELAY_MS;
import static dev.obsdemo.common.resilience.CallPolicy.RETRY_JITTER_MS;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.resilience.Attempt;
import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.common.resilience.DownstreamRequestFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * order-service for the gateway's resources, with the same shape as {@link UserClient}: the fault tolerance
 * of {@code CallPolicy} per method, a downstream 4xx relayed as it is, a 5xx that answers one request (500, or
 * order-service's 502 when user-service failed on the request) not counted by the breaker, and every failure
 * that is not the client's a 503 problem that names order-service and says what the gateway knows.
 */
@ApplicationScoped
@Retry(
        maxRetries = GATEWAY_ORDER_READ_RETRIES,
        delay = RETRY_DELAY_MS,
        jitter = RETRY_JITTER_MS,
        abortOn = {DownstreamRejection.class, CircuitBreakerOpenException.class, TimeoutException.class})
@CircuitBreaker(
        requestVolumeThreshold = GATEWAY_BREAKER_WINDOW,
        failureRatio = BREAKER_FAILURE_RATIO,
        delay = BREAKER_DELAY_MS,
        successThreshold = BREAKER_SUCCESS_THRESHOLD,
        skipOn = {DownstreamRejection.class, DownstreamRequestFailure.class})
public class OrderClient {

    private static final String SERVICE = "order-service";

    private final OrderServiceApi api;

    public OrderClient(@RestClient OrderServiceApi api) {
        this.api = api;
    }

    /**
     * POST /orders. Not retried here even with an Idempotency-Key: the client owns the key, so the client
     * decides to retry. The timeout outlasts order-service's own worst case (its call to user-service with a
     * retry, and its wait for a concurrent request with the same key): see {@code CallPolicy}. order-service is
     * told the timeout less the reserve for its answer, and stops by then: a 503 for a timeout means the order
     * was not created, unless its insert committed in that last reserve (a retry with the same
     * Idempotency-Key finds out).
     *
     * @param idempotencyKey sent as the Idempotency-Key header; null sends none
     * @return the order and whether order-service replayed it; fails with order-service's 400, 409 or 422
     *         relayed, or with a 503 problem
     */
    @Retry(maxRetries = 0)
    @Fallback(fallbackMethod = "createUnavailable", skipOn = DownstreamRejection.class)
    public Uni<PlacedOrder> create(String idempotencyKey, NewOrder order) {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_PLACE_ORDER);
        return attempt.bound(api.create(idempotencyKey, order, attempt.budgetMillis()))
                .map(answer -> new PlacedOrder(answer.getEntity(), answer.getStatus() == 200));
    }

    /** GET /orders/{id}: the order, or order-service's 404 relayed, or a 503 problem. */
    @Fallback(fallbackMethod = "getUnavailable", skipOn = DownstreamRejection.class)
    public Uni<Order> get(long id) {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_ORDER_READS);
        return attempt.bound(api.get(id, attempt.budgetMillis()));
    }

    /** GET /orders?userId=: the user's orders, newest first (empty for an unknown user), or a 503 problem. */
    @Fallback(fallbackMethod = "listByUserUnavailable", skipOn = DownstreamRejection.class)
    public Uni<List<Order>> listByUser(long userId) {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_ORDER_READS);
        return attempt.bound(api.listByUser(userId, attempt.budgetMillis()));
    }

    /** GET /orders/stats?userId=: the user's totals (zeros for an unknown user), or a 503 problem. */
    @Fallback(fallbackMethod = "statsUnavailable", skipOn = DownstreamRejection.class)
    public Uni<UserStats> stats(long userId) {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_ORDER_READS);
        return attempt.bound(api.stats(userId, attempt.budgetMillis()));
    }

    /** GET /products: the catalog, or a 503 problem. */
    @Fallback(fallbackMethod = "productsUnavailable", skipOn = DownstreamRejection.class)
    public Uni<List<Product>> products() {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_ORDER_READS);
        return attempt.bound(api.products(attempt.budgetMillis()));
    }

    // The fallbacks: each takes its method's parameters and the failure, and returns its method's type. Private,
    // or the class's fault tolerance would apply to them too (a breaker of their own would open on their 503s).

    private Uni<PlacedOrder> createUnavailable(String idempotencyKey, NewOrder order, Throwable failure) {
        return unavailable(failure);
    }

    private Uni<Order> getUnavailable(long id, Throwable failure) {
        return unavailable(failure);
    }

    private Uni<List<Order>> listByUserUnavailable(long userId, Throwable failure) {
        return unavailable(failure);
    }

    private Uni<UserStats> statsUnavailable(long userId, Throwable failure) {
        return unavailable(failure);
    }

    private Uni<List<Product>> productsUnavailable(Throwable failure) {
        return unavailable(failure);
    }

    private static <T> Uni<T> unavailable(Throwable failure) {
        return Uni.createFrom().failure(ProblemException.dependencyUnavailable(SERVICE, failure));
    }
}
