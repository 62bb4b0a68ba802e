package dev.obsdemo.common.problem.mapper;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A problem the domain or a client wrapper described itself ({@link ProblemException}, also a downstream 4xx
 * the gateway relays as it is): answered as described. A downstream that refused what this service sent it
 * ({@code SizeRefusals}, a 502 {@code request-refused-downstream}) is a defect of this service, logged as an
 * ERROR. Any other 5xx one, a 502 {@code dependency-failed} included, means a dependency failed and is logged as
 * a WARN ({@link DependencyFailureMapper}).
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    /** Answers with the problem as thrown. */
    @ServerExceptionMapper
    public Response map(ProblemException problem, UriInfo request) {
        if (problem.isOwnDefect()) {
            LOG.errorf("%s of %s: %s", problem.title(), ProblemResponses.instance(request), problem.getMessage());
            return ProblemResponses.of(problem, request);
        }
        return problem.status() >= 500
                ? DependencyFailureMapper.respond(problem, request)
                : ProblemResponses.of(problem, request);
    }
}
