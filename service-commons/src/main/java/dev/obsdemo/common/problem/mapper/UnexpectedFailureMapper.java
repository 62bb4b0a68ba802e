package dev.obsdemo.common.problem.mapper;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The last resort, for every failure no other mapper claims: a 500 {@code about:blank} that reveals nothing but
 * the request ID (in {@code requestId} and the {@code X-Request-ID} header), logged as an ERROR with its stack
 * trace and that request ID, so the one can be found from the other. A database that is away is told apart
 * first ({@link PersistenceFailureMapper}): that is a 503, not a bug.
 *
 * <p>A mapper for a more specific type always wins; the priority below the default ({@code USER + 1000}) also lets
 * a mapper another extension registers for {@code Throwable} come first.
 */
public class UnexpectedFailureMapper {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class);

    /** Maps any unmapped failure to a 503 (database away) or a 500. */
    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response map(Throwable failure, UriInfo request) {
        Optional<ProblemException> databaseAway = PersistenceFailureMapper.toProblem(failure);
        if (databaseAway.isPresent()) {
            return DependencyFailureMapper.respond(databaseAway.get(), request);
        }
        LOG.errorf(failure, "Unexpected failure of %s", ProblemResponses.instance(request));
        return ProblemResponses.of(
                ProblemException.httpStatus(
                        Response.Status.INTERNAL_SERVER_ERROR,
                        "The request failed unexpectedly; quote the request ID when reporting it"),
                request);
    }
}
