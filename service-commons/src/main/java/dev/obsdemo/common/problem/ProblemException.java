package dev.obsdemo.common.problem;

import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import java.util.List;

/**
 * Thrown by domain and client code for an error the caller should see; rendered as {@link Problem} by
 * {@link ProblemExceptionMappers}. The {@code type} URI names the kind of problem, so clients can branch on
 * it without parsing {@code detail}.
 */
public class ProblemException extends RuntimeException {

    private static final String TYPE_BASE = "https://obsdemo.dev/problems/";

    private final int status;
    private final URI type;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Integer retryAfterSeconds;

    private ProblemException(int status, String typeSlug, String title, String detail,
            List<Problem.FieldError> errors, Integer retryAfterSeconds, Throwable cause) {
        this(status, URI.create(TYPE_BASE + typeSlug), title, detail, errors, retryAfterSeconds, cause);
    }

    /** For a subclass that carries a problem as another service described it (type, title, errors as received). */
    protected ProblemException(int status, URI type, String title, String detail,
            List<Problem.FieldError> errors, Integer retryAfterSeconds, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND.getStatusCode(), "not-found", "Not Found", detail, null, null, null);
    }

    public static ProblemException conflict(String typeSlug, String detail) {
        return new ProblemException(Status.CONFLICT.getStatusCode(), typeSlug, "Conflict", detail, null, null, null);
    }

    /**
     * A 409 for a request that collides with one still in progress (the same Idempotency-Key), with a
     * {@code Retry-After} in seconds: the same request, sent again later, will succeed.
     */
    public static ProblemException conflictRetryLater(String typeSlug, String detail, int retryAfterSeconds) {
        return new ProblemException(Status.CONFLICT.getStatusCode(), typeSlug, "Conflict", detail, null,
                retryAfterSeconds, null);
    }

    public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(Status.BAD_REQUEST.getStatusCode(), "invalid-request", "Bad Request", detail,
                errors, null, null);
    }

    public static ProblemException unprocessable(String typeSlug, String detail) {
        return new ProblemException(422, typeSlug, "Unprocessable Content", detail, null, null, null);
    }

    public static ProblemException serviceUnavailable(String detail, Throwable cause) {
        return new ProblemException(Status.SERVICE_UNAVAILABLE.getStatusCode(), "dependency-unavailable",
                "Service Unavailable", detail, null, 5, cause);
    }

    /**
     * A dependency that failed for a reason that is not the caller's: a 503 whose detail says how, e.g.
     * "user-service did not answer in time".
     */
    public static ProblemException dependencyUnavailable(String dependency, Throwable cause) {
        String why;
        if (cause instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException) {
            why = " is failing; calls to it are suspended for a few seconds";
        } else if (cause instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
            why = " did not answer in time";
        } else if (cause instanceof org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException) {
            why = " has too many calls in flight";
        } else {
            why = " is unavailable";
        }
        return serviceUnavailable(dependency + why, cause);
    }

    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(Status.TOO_MANY_REQUESTS.getStatusCode(), "rate-limited", "Too Many Requests",
                detail, null, retryAfterSeconds, null);
    }

    public int status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Seconds for a {@code Retry-After} header, or null when the response should not carry one. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
