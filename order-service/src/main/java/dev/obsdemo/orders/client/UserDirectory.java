package dev.obsdemo.orders.client;

import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_DELAY_MS;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_FAILURE_RATIO;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_SUCCESS_THRESHOLD;
import static dev.obsdemo.common.resilience.CallPolicy.CALLEE_WORK_BUDGET_MS;
import static dev.obsdemo.common.resilience.CallPolicy.ORDER_USER_LOOKUP;
import static dev.obsdemo.common.resilience.CallPolicy.ORDER_USER_LOOKUP_BREAKER_WINDOW;
import static dev.obsdemo.common.resilience.CallPolicy.ORDER_USER_LOOKUP_RETRIES;
import static dev.obsdemo.common.resilience.CallPolicy.RETRY_DELAY_MS;
import static dev.obsdemo.common.resilience.CallPolicy.RETRY_JITTER_MS;

import dev.obsdemo.common.fault.FaultFlags;
import dev.obsdemo.common.resilience.Attempt;
import dev.obsdemo.common.resilience.DeadlineExceededException;
import dev.obsdemo.common.resilience.DownstreamRequestFailure;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks user-service whether a user exists, with the fault tolerance of {@code CallPolicy}
 * ({@code ORDER_USER_LOOKUP}): a timeout, a retry after a failed connection or a 5xx (a GET is idempotent; not
 * after a timeout, which more load would not cure) and a circuit breaker that fails fast while user-service
 * is down. A 404 is an answer, not a failure: it neither trips the breaker nor is retried. A 500 or 502
 * ({@link DownstreamRequestFailure}) answers this request only: retried once, but not counted by the breaker,
 * which opens on failed connections, timeouts, 503 and 504.
 *
 * <p>Each attempt is an {@link Attempt}: the policy's timeout, cut to the request's deadline less the order's
 * insert, sent to user-service as its budget, and cancelled (the HTTP request reset) when it expires.
 */
@ApplicationScoped
public class UserDirectory {

    private final FaultFlags faults;

    private final UserServiceApi users;

    public UserDirectory(@RestClient UserServiceApi users, FaultFlags faults) {
        this.faults = faults;
        this.users = users;
    }

    /**
     * Whether user-service knows the user.
     *
     * @throws RuntimeException when user-service cannot say: a {@link TimeoutException}, a
     *         {@link CircuitBreakerOpenException}, a {@link DeadlineExceededException} (the request's deadline
     *         leaves no time for an attempt; not a failure for the breaker, as user-service was not asked), or the
     *         failure of the last attempt (a {@link DownstreamRequestFailure} for a 500 or 502, a {@link WebApplicationException} for a 503 or
     *         504, a {@code ProcessingException} for a failed connection)
     */
    @Retry(
            maxRetries = ORDER_USER_LOOKUP_RETRIES,
            delay = RETRY_DELAY_MS,
            jitter = RETRY_JITTER_MS,
            abortOn = {CircuitBreakerOpenException.class, TimeoutException.class, DeadlineExceededException.class})
    @CircuitBreaker(
            requestVolumeThreshold = ORDER_USER_LOOKUP_BREAKER_WINDOW,
            failureRatio = BREAKER_FAILURE_RATIO,
            delay = BREAKER_DELAY_MS,
            successThreshold = BREAKER_SUCCESS_THRESHOLD,
            skipOn = {DownstreamRequestFailure.class, DeadlineExceededException.class})
    @WithSpan
    public boolean exists(long userId) {
        // Each attempt leaves the order's insert its allowance before the request's deadline.
        Attempt attempt = Attempt.of(ORDER_USER_LOOKUP, CALLEE_WORK_BUDGET_MS);
        try {
            faults.withoutTraceContextIfOn(() -> attempt.bound(users.get(userId, attempt.budgetMillis()))
                    .await()
                    .indefinitely());
            return true;
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return false;
            }
            throw e;
        }
    }
}
