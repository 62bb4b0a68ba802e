package dev.obsdemo.gateway.client;

import dev.obsdemo.common.problem.ProblemException;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * What the gateway tells its client when a downstream call fails for a reason that is not the client's:
 * a fast 503 problem that names the service. A {@link ProblemException} (a relayed 4xx) passes unchanged.
 */
public final class Downstream {

    private Downstream() {
    }

    /** For {@code uni.onFailure().transform(Downstream.unavailable("user-service"))}. */
    public static Function<Throwable, Throwable> unavailable(String service) {
        return failure -> {
            if (failure instanceof ProblemException problem) {
                return problem;
            }
            String why;
            if (failure instanceof CircuitBreakerOpenException) {
                why = " is failing; calls to it are suspended for a few seconds";
            } else if (failure instanceof TimeoutException) {
                why = " did not answer in time";
            } else {
                why = " is unavailable";
            }
            return ProblemException.serviceUnavailable(service + why, failure);
        };
    }
}
