package dev.obsdemo.gateway.client;

import dev.obsdemo.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The gateway's calls to order-service, with the same policy as {@link UserClient}: timeouts everywhere,
 * a retry for reads only, circuit breakers, relayed 4xx never counted as failures. Placing an order is not
 * retried here even with an Idempotency-Key: the client owns the key, so the client decides to retry.
 */
@ApplicationScoped
@Timeout(2000)
@Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = { ProblemException.class, CircuitBreakerOpenException.class, TimeoutException.class })
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2, skipOn = ProblemException.class)
public class OrderClient {

    public static final String SERVICE = "order-service";

    private final OrderServiceApi api;

    public OrderClient(@RestClient OrderServiceApi api) {
        this.api = api;
    }

    // order-service itself may spend up to 2 s on its own call to user-service.
    @Timeout(3000)
    @Retry(maxRetries = 0)
    public Uni<RestResponse<Dtos.Order>> create(String idempotencyKey, Dtos.NewOrder order) {
        return api.create(idempotencyKey, order);
    }

    public Uni<Dtos.Order> get(long id) {
        return api.get(id);
    }

    public Uni<List<Dtos.Order>> listByUser(long userId) {
        return api.listByUser(userId);
    }

    public Uni<Dtos.UserStats> stats(long userId) {
        return api.stats(userId);
    }

    public Uni<List<Dtos.Product>> products() {
        return api.products();
    }
}
