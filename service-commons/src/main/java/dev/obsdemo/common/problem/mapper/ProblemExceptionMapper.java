package dev.obsdemo.common.problem.mapper;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A problem the domain or a client wrapper described itself ({@link ProblemException}, also a downstream 4xx
 * the gateway relays as it is): answered as described. A 5xx one means a dependency failed and is logged as
 * such ({@link DependencyFailureMapper}).
 */
public class ProblemExceptionMapper {

    /** Answers with the problem as thrown. */
    @ServerExceptionMapper
    public Response map(ProblemException problem, UriInfo request) {
        return problem.status() >= 500
                ? DependencyFailureMapper.respond(problem, request)
                : ProblemResponses.of(problem, request);
    }
}
