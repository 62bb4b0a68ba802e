package dev.obsdemo.common.problem.mapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The statuses Quarkus REST decides before or around a resource, as a {@code WebApplicationException}: no route
 * (404), a method the route does not support (405, with its {@code Allow}), a media type it does not read or
 * write (415, 406), a 5xx (logged; its detail reveals nothing). They keep their status, with type
 * {@code about:blank}, a detail that says what to do, and the response's {@code Allow} and {@code Retry-After}.
 *
 * <p>Two are the client's input in disguise and become 400 {@code invalid-request}: a body the JSON reader
 * could not parse (it wraps the Jackson failure; see {@link JsonInputMapper}), and a path or query parameter
 * that is not a number ({@code /users/abc}), which Quarkus reports as a 404 wrapping the conversion error.
 */
public class HttpStatusMapper {

    private static final Logger LOG = Logger.getLogger(HttpStatusMapper.class);

    /** Maps a framework-decided status to its problem. */
    @ServerExceptionMapper
    public Response map(WebApplicationException failure, UriInfo request) {
        if (failure.getCause() instanceof JsonProcessingException unreadable) {
            return ProblemResponses.of(JsonInputMapper.toProblem(unreadable), request);
        }
        int status = failure.getResponse().getStatus();
        if (status == Response.Status.NOT_FOUND.getStatusCode()
                && failure.getCause() instanceof IllegalArgumentException notANumber) {
            return ProblemResponses.of(invalidParameter(notANumber), request);
        }
        if (status >= 500) {
            LOG.errorf(failure, "Request failed with %d", status);
        }
        ProblemException problem = ProblemException.httpStatus(
                failure.getResponse().getStatusInfo(), detail(status, failure, ProblemResponses.instance(request)));
        Response.ResponseBuilder response = ProblemResponses.builder(problem, request);
        copyHeader(failure.getResponse(), response, HttpHeaders.ALLOW);
        copyHeader(failure.getResponse(), response, HttpHeaders.RETRY_AFTER);
        return response.build();
    }

    private static ProblemException invalidParameter(IllegalArgumentException conversion) {
        String value = conversion instanceof NumberFormatException
                ? conversion.getMessage().replaceFirst("^For input string: ", "")
                : conversion.getMessage();
        return ProblemException.badRequest("Invalid parameter: " + value + " is not a valid number", List.of());
    }

    private static String detail(int status, WebApplicationException failure, String path) {
        return switch (status) {
            case 404 -> "No resource at " + path;
            case 405 -> "Method not allowed on " + path;
            case 406 -> "This API produces application/json only";
            case 415 -> "Send the body as application/json";
            default -> status >= 500 ? "The request could not be completed" : failure.getMessage();
        };
    }

    private static void copyHeader(Response from, Response.ResponseBuilder to, String header) {
        Object value = from.getHeaders().getFirst(header);
        if (value != null) {
            to.header(header, value);
        }
    }
}
