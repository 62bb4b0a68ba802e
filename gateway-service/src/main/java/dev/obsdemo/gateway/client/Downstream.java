package dev.obsdemo.gateway.client;

import dev.obsdemo.common.problem.ProblemException;
import java.util.function.Function;

/**
 * What the gateway tells its client when a downstream call fails for a reason that is not the client's:
 * a fast 503 problem that names the service. A {@link ProblemException} (a relayed 4xx) passes unchanged.
 */
public final class Downstream {

    private Downstream() {
    }

    /** For {@code uni.onFailure().transform(Downstream.unavailable("user-service"))}. */
    public static Function<Throwable, Throwable> unavailable(String service) {
        return failure -> failure instanceof ProblemException problem
                ? problem
                : ProblemException.dependencyUnavailable(service, failure);
    }
}
