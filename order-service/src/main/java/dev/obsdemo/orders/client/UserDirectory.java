package dev.obsdemo.orders.client;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks user-service whether a user exists, with the fault tolerance every call between services gets: a
 * timeout, a retry after a failed connection or a 5xx (a GET is idempotent; not after a timeout, which more
 * load would not cure) and a circuit breaker that fails fast while
 * user-service is down. A 404 is an answer, not a failure: it neither trips the breaker nor is retried.
 */
@ApplicationScoped
public class UserDirectory {

    private final UserServiceApi users;

    public UserDirectory(@RestClient UserServiceApi users) {
        this.users = users;
    }

    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = { CircuitBreakerOpenException.class, TimeoutException.class })
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @WithSpan
    public boolean exists(long userId) {
        try {
            users.get(userId);
            return true;
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return false;
            }
            throw e;
        }
    }
}
