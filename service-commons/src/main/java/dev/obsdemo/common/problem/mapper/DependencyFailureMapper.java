package dev.obsdemo.common.problem.mapper;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Something this service depends on is slow, failing or shed: a fast 503 {@code dependency-unavailable} with
 * {@code Retry-After}, never a stack trace, logged once as a WARN with its cause. The same answer for every
 * 5xx problem (a {@link ProblemException} a client wrapper threw, or the database being away), which all mean
 * a dependency failed, not the caller.
 *
 * <p>This mapper catches what escapes the code that knows which dependency failed: the SmallRye Fault Tolerance
 * exceptions (a timeout, an open circuit breaker, a full bulkhead) and a REST client's {@link ProcessingException}
 * (the connection failed); their detail cannot name the service, only how it failed.
 */
public class DependencyFailureMapper {

    private static final Logger LOG = Logger.getLogger(DependencyFailureMapper.class);

    /** Maps a fault tolerance or connection failure to its 503 problem. */
    @ServerExceptionMapper({
        TimeoutException.class,
        CircuitBreakerOpenException.class,
        BulkheadException.class,
        ProcessingException.class
    })
    public Response map(RuntimeException failure, UriInfo request) {
        return respond(ProblemException.dependencyUnavailable("A dependency", failure), request);
    }

    /** Logs a 5xx problem, without its stack trace, and answers with it. */
    static Response respond(ProblemException unavailable, UriInfo request) {
        Throwable cause = unavailable.getCause();
        LOG.warnf(
                "%s: %s%s",
                unavailable.title(), unavailable.getMessage(), cause == null ? "" : " (cause: " + cause + ")");
        return ProblemResponses.of(unavailable, request);
    }
}
