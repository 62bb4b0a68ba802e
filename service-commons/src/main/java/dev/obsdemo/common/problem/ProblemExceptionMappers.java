package dev.obsdemo.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.obsdemo.common.web.RequestIds;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that leaves a resource into an RFC 9457 {@code application/problem+json} response
 * carrying the request ID. Client mistakes become 4xx with a detail that says what to fix; a dependency that
 * is down becomes a 503; anything else a 500 that reveals nothing but the request ID (and is logged).
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final java.util.regex.Pattern DUPLICATE_FIELD = java.util.regex.Pattern.compile("Duplicate field '(.+)'");

    @ServerExceptionMapper
    public Response mapProblem(ProblemException e, UriInfo uri) {
        if (e.status() >= 500) {
            LOG.warnf("%s: %s%s", e.title(), e.getMessage(), e.getCause() == null ? "" : " (cause: " + e.getCause() + ")");
        }
        Problem problem = new Problem(e.type(), e.title(), e.status(), e.getMessage(), path(uri), requestId(), e.errors());
        Response.ResponseBuilder response = respond(problem);
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response mapConstraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.size() == 1
                ? "Invalid field '" + errors.get(0).field() + "': " + errors.get(0).message()
                : errors.size() + " fields are invalid: " + String.join(", ",
                        errors.stream().map(Problem.FieldError::field).distinct().toList());
        return badRequest(detail, errors, uri);
    }

    @ServerExceptionMapper
    public Response mapUnknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = jsonPath(e);
        return badRequest("Unknown field '" + field + "': this API rejects fields it does not define",
                List.of(new Problem.FieldError(field, "unknown field")), uri);
    }

    @ServerExceptionMapper
    public Response mapWrongType(MismatchedInputException e, UriInfo uri) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return badRequest("The request body has the wrong shape: " + e.getOriginalMessage(), List.of(), uri);
        }
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        String message = e instanceof InvalidFormatException invalid
                ? "'" + invalid.getValue() + "' is not " + expected
                : "must be " + expected;
        return badRequest("Invalid field '" + field + "': " + message, List.of(new Problem.FieldError(field, message)), uri);
    }

    @ServerExceptionMapper
    public Response mapMalformedJson(JsonParseException e, UriInfo uri) {
        return mapMalformedJson(e, "", uri);
    }

    private Response mapMalformedJson(JsonParseException e, String path, UriInfo uri) {
        java.util.regex.Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.matches()) {
            String field = path.isEmpty() ? duplicate.group(1) : path + "." + duplicate.group(1);
            return badRequest("Field '" + field + "' appears more than once",
                    List.of(new Problem.FieldError(field, "appears more than once")), uri);
        }
        return badRequest("Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), List.of(), uri);
    }

    /** Numbers out of range ({@code 1e999} into an int) and other reading failures. */
    @ServerExceptionMapper
    public Response mapUnreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonParseException malformed) {
            return mapMalformedJson(malformed, "", uri);
        }
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "";
        if (e.getCause() instanceof JsonParseException malformed) {
            return mapMalformedJson(malformed, field, uri);
        }
        String detail = field.isEmpty()
                ? "Unreadable JSON: " + e.getOriginalMessage()
                : "Invalid field '" + field + "': " + e.getOriginalMessage();
        return badRequest(detail, field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, "invalid value")), uri);
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // The JSON reader wraps syntax errors. A path or query parameter that is not a number (/users/abc)
        // comes as a 404 wrapping the conversion error; it is the client's input that is wrong, so 400.
        if (e.getCause() instanceof JsonProcessingException json) {
            return mapUnreadableJson(json, uri);
        }
        if (status == 404 && e.getCause() instanceof IllegalArgumentException badParameter) {
            String value = badParameter instanceof NumberFormatException
                    ? badParameter.getMessage().replaceFirst("^For input string: ", "")
                    : badParameter.getMessage();
            return badRequest("Invalid parameter: " + value + " is not a valid number", List.of(), uri);
        }
        if (status >= 500) {
            LOG.errorf(e, "Request failed with %d", status);
        }
        Response.StatusType statusType = e.getResponse().getStatusInfo();
        String detail = switch (status) {
            case 404 -> "No resource at " + path(uri);
            case 405 -> "Method not allowed on " + path(uri);
            case 406 -> "This API produces application/json only";
            case 415 -> "Send the body as application/json";
            default -> status >= 500 ? "The request could not be completed" : e.getMessage();
        };
        Problem problem = new Problem(ABOUT_BLANK, statusType.getReasonPhrase(), status, detail, path(uri), requestId(), List.of());
        Response.ResponseBuilder response = respond(problem);
        copyHeader(e.getResponse(), response, "Allow");
        copyHeader(e.getResponse(), response, "Retry-After");
        return response.build();
    }

    // A dependency that is slow, failing or shed by a circuit breaker: fast 503, never a stack trace.
    @ServerExceptionMapper({ TimeoutException.class, CircuitBreakerOpenException.class, BulkheadException.class,
            ProcessingException.class })
    public Response mapDependencyFailure(RuntimeException e, UriInfo uri) {
        return mapProblem(ProblemException.dependencyUnavailable("A dependency", e), uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response mapUnexpected(Throwable e, UriInfo uri) {
        if (isDatabaseUnavailable(e)) {
            return mapProblem(ProblemException.serviceUnavailable("The database is unavailable", e), uri);
        }
        LOG.errorf(e, "Unexpected failure of %s", path(uri));
        Problem problem = new Problem(ABOUT_BLANK, "Internal Server Error", 500,
                "The request failed unexpectedly; quote the request ID when reporting it", path(uri), requestId(), List.of());
        return respond(problem).build();
    }

    /**
     * A lost or refused database connection ({@link SqlErrors#isConnectionFailure}, or no connection from the
     * pool in time): the dependency is down, not this service broken. Also the first use of a pooled
     * connection that died while PostgreSQL was away.
     */
    static boolean isDatabaseUnavailable(Throwable e) {
        if (SqlErrors.isConnectionFailure(e)) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && String.valueOf(sql.getMessage()).contains("Acquisition timeout")) {
                return true; // Agroal: no connection from the pool in time
            }
        }
        return false;
    }

    private static Response badRequest(String detail, List<Problem.FieldError> errors, UriInfo uri) {
        Problem problem = new Problem(URI.create("https://obsdemo.dev/problems/invalid-request"), "Bad Request", 400,
                detail, path(uri), requestId(), errors);
        return respond(problem).build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static void copyHeader(Response from, Response.ResponseBuilder to, String header) {
        Object value = from.getHeaders().getFirst(header);
        if (value != null) {
            to.header(header, value);
        }
    }

    private static String requestId() {
        return RequestIds.current().orElse(null);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** {@code items[0].quantity} from Jackson's reference chain. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The field as the client sent it: {@code create.request.items[0].quantity} becomes
     * {@code items[0].quantity} (the method and parameter nodes mean nothing to a client).
     */
    static String fieldName(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameterName = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameterName = node.getName();
                continue;
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() && parameterName != null ? parameterName : field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "an object";
    }
}
