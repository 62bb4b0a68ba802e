package dev.obsdemo.gateway.client;

import dev.obsdemo.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The gateway's calls to user-service with their fault tolerance, declared once on the class for every
 * method: a timeout, one retry (not after a timeout: a slow service is not helped by more load), and a circuit breaker (one per method) that fails fast while the service is
 * down. Creating is not retried (a POST is not idempotent). A relayed 4xx ({@link ProblemException}) is the
 * client's problem: not retried, not a failure.
 *
 * <p>No {@code @WithSpan} here: on a method returning Uni its span stays current while the caller assembles
 * the next call, so the summary's two concurrent calls would nest instead of showing as siblings. A call
 * that never reaches the service (refused connection, open circuit) has no CLIENT span; the SERVER span
 * records it as an ERROR with the exception.
 */
@ApplicationScoped
@Timeout(2000)
@Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = { ProblemException.class, CircuitBreakerOpenException.class, TimeoutException.class })
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2, skipOn = ProblemException.class)
public class UserClient {

    public static final String SERVICE = "user-service";

    private final UserServiceApi api;

    public UserClient(@RestClient UserServiceApi api) {
        this.api = api;
    }

    @Retry(maxRetries = 0)
    public Uni<Dtos.User> create(Dtos.NewUser user) {
        return api.create(user);
    }

    public Uni<Dtos.User> get(long id) {
        return api.get(id);
    }
}
