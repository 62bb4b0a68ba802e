package dev.obsdemo.gateway.client;

import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_DELAY_MS;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_FAILURE_RATIO;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_SUCCESS_THRESHOLD;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_BREAKER_WINDOW;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_USER_READ_RETRIES;
import static dev.obsdemo.common.resilience.CallPolicy.RETRY_DELAY_MS;
import static dev.obsdemo.common.resilience.CallPolicy.RETRY_JITTER_MS;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.resilience.Attempt;
import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.common.resilience.DownstreamRequestFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * user-service for the gateway's resources: each call with the fault tolerance of {@code CallPolicy} (a
 * timeout per attempt that cancels the call and is sent along as its budget ({@link Attempt}), one retry for
 * reads, a circuit breaker per method) and one answer to every failure that is not the
 * client's: a 503 problem that names user-service and says what the gateway knows ("did not answer in time",
 * "is failing; calls to it are suspended...", "is unavailable", "failed on this request with 500 Internal Server
 * Error"). A downstream 4xx ({@link DownstreamRejection}) is an answer, relayed as it is: not retried, not
 * counted by the breaker, not turned into a 503. A 5xx that answers one request ({@link DownstreamRequestFailure}:
 * 500, 502) is a 503 for that request, but the breaker does not count it: only failed connections, timeouts,
 * 503 and 504 say that user-service is unavailable for everybody.
 *
 * <p>{@code @Fallback} is the outermost of the fault-tolerance steps, so the 503 also covers the timeout and
 * the open breaker. Each fallback method is named after its method and takes that method's parameters plus
 * the failure (SmallRye Fault Tolerance's fallback method with an exception parameter; it matches return types
 * exactly, so one generic fallback cannot serve methods of different types).
 *
 * <p>No {@code @WithSpan} here: on a method returning Uni its span stays current while the caller assembles
 * the next call, so the summary's two concurrent calls would nest instead of showing as siblings. A call
 * that never reaches the service (refused connection, open circuit) has no CLIENT span; the SERVER span
 * records it as an ERROR with the exception.
 */
@ApplicationScoped
@Retry(
        maxRetries = GATEWAY_USER_READ_RETRIES,
        delay = RETRY_DELAY_MS,
        jitter = RETRY_JITTER_MS,
        abortOn = {DownstreamRejection.class, CircuitBreakerOpenException.class, TimeoutException.class})
@CircuitBreaker(
        requestVolumeThreshold = GATEWAY_BREAKER_WINDOW,
        failureRatio = BREAKER_FAILURE_RATIO,
        delay = BREAKER_DELAY_MS,
        successThreshold = BREAKER_SUCCESS_THRESHOLD,
        skipOn = {DownstreamRejection.class, DownstreamRequestFailure.class})
public class UserClient {

    private static final String SERVICE = "user-service";

    private final UserServiceApi api;

    public UserClient(@RestClient UserServiceApi api) {
        this.api = api;
    }

    /**
     * POST /users. Not retried: a POST is not idempotent.
     *
     * @return the created user; fails with user-service's 400 or 409 relayed, or with a 503 problem
     */
    @Retry(maxRetries = 0)
    @Fallback(fallbackMethod = "createUnavailable", skipOn = DownstreamRejection.class)
    public Uni<User> create(NewUser user) {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_USER_CREATE);
        return attempt.bound(api.create(user, attempt.budgetMillis()));
    }

    /**
     * GET /users/{id}.
     *
     * @param id positive
     * @return the user; fails with user-service's 404 relayed, or with a 503 problem
     */
    @Fallback(fallbackMethod = "getUnavailable", skipOn = DownstreamRejection.class)
    public Uni<User> get(long id) {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_USER_READS);
        return attempt.bound(api.get(id, attempt.budgetMillis()));
    }

    // The fallbacks: each takes its method's parameters and the failure, and returns its method's type. Private,
    // or the class's fault tolerance would apply to them too (a breaker of their own would open on their 503s).

    private Uni<User> createUnavailable(NewUser user, Throwable failure) {
        return unavailable(failure);
    }

    private Uni<User> getUnavailable(long id, Throwable failure) {
        return unavailable(failure);
    }

    private static <T> Uni<T> unavailable(Throwable failure) {
        return Uni.createFrom().failure(ProblemException.dependencyUnavailable(SERVICE, failure));
    }
}
