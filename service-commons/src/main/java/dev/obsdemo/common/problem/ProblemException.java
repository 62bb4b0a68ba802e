package dev.obsdemo.common.problem;

import dev.obsdemo.common.resilience.DeadlineExceededException;
import dev.obsdemo.common.resilience.DownstreamRequestFailure;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.Response.StatusType;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * A problem the caller should see, thrown by domain and client code and built by the exception mappers
 * ({@code dev.obsdemo.common.problem.mapper}) for every other failure; {@link ProblemResponses} renders it as a
 * {@link Problem}. The {@code type} URI names the kind of problem, so clients can branch on it without parsing
 * {@code detail}; the exception's message is the {@code detail}.
 *
 * <p>Only the named factories create one, so every kind of problem has one status, type and title; their
 * documentation is most of this class's length.
 *
 * <p>Longer than the project's usual 150 lines on purpose: its factories are the catalog of the problem types
 * the services answer with, one documented method per type, kept in one place so that a reader finds every
 * status, type and {@code Retry-After} rule side by side.
 */
public class ProblemException extends RuntimeException {

    /** Where this project's problem types live; {@code about:blank} is the RFC 9457 default (section 4.2.1). */
    private static final String TYPE_BASE = "https://obsdemo.dev/problems/";

    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final int UNPROCESSABLE_CONTENT = 422;
    private static final int CONTENT_TOO_LARGE = 413;
    /** What a client should wait before retrying after a dependency failed: a circuit breaker's delay is 5 s. */
    private static final int DEPENDENCY_RETRY_AFTER_SECONDS = 5;

    private static final String REFUSED_DOWNSTREAM = "request-refused-downstream";

    private final int status;
    private final URI type;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Integer retryAfterSeconds;

    private ProblemException(
            int status,
            String typeSlug,
            String title,
            String detail,
            List<Problem.FieldError> errors,
            Integer retryAfterSeconds,
            Throwable cause) {
        this(status, URI.create(TYPE_BASE + typeSlug), title, detail, errors, retryAfterSeconds, cause);
    }

    /** For a subclass that carries a problem as another service described it (type, title, errors as received). */
    protected ProblemException(
            int status,
            URI type,
            String title,
            String detail,
            List<Problem.FieldError> errors,
            Integer retryAfterSeconds,
            Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 404, type {@code not-found}: the resource named by the request does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(
                Status.NOT_FOUND.getStatusCode(), "not-found", "Not Found", detail, null, null, null);
    }

    /**
     * 403 of the given type (e.g. {@code faults-not-allowed}): the request is understood and valid, and this
     * deployment refuses it (RFC 9110 section 15.5.4).
     */
    public static ProblemException forbidden(String typeSlug, String detail) {
        return new ProblemException(Status.FORBIDDEN.getStatusCode(), typeSlug, "Forbidden", detail, null, null, null);
    }

    /** 409 of the given type (e.g. {@code duplicate-email}): the request contradicts what exists. */
    public static ProblemException conflict(String typeSlug, String detail) {
        return new ProblemException(Status.CONFLICT.getStatusCode(), typeSlug, "Conflict", detail, null, null, null);
    }

    /**
     * A 409 for a request that collides with one still in progress (the same Idempotency-Key), with a
     * {@code Retry-After} in seconds: the same request, sent again later, will succeed.
     */
    public static ProblemException conflictRetryLater(String typeSlug, String detail, int retryAfterSeconds) {
        return new ProblemException(
                Status.CONFLICT.getStatusCode(), typeSlug, "Conflict", detail, null, retryAfterSeconds, null);
    }

    /**
     * 400, type {@code invalid-request}: the request is malformed or invalid. {@code errors} names each invalid
     * field by its JSON path ({@code items[0].quantity}) or header name; empty when no field is to blame.
     */
    public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(
                Status.BAD_REQUEST.getStatusCode(), "invalid-request", "Bad Request", detail, errors, null, null);
    }

    /** 422 of the given type (e.g. {@code unknown-sku}): well-formed, but it names something that cannot be used. */
    public static ProblemException unprocessable(String typeSlug, String detail) {
        return new ProblemException(UNPROCESSABLE_CONTENT, typeSlug, "Unprocessable Content", detail, null, null, null);
    }

    /**
     * 413, type {@code payload-too-large}: the body is over {@code quarkus.http.limits.max-body-size}. The title
     * is the status' name in RFC 9110 (section 15.5.14), "Content Too Large".
     */
    public static ProblemException payloadTooLarge(String detail) {
        return new ProblemException(
                CONTENT_TOO_LARGE, "payload-too-large", "Content Too Large", detail, null, null, null);
    }

    /**
     * 414, type {@code uri-too-long}: the request line is over {@code obsdemo.http.max-request-line} (RFC 9110
     * section 15.5.15).
     */
    public static ProblemException uriTooLong(String detail) {
        return new ProblemException(414, "uri-too-long", "URI Too Long", detail, null, null, null);
    }

    /**
     * 431, type {@code header-fields-too-large}: the header block is over {@code obsdemo.http.max-header-size}
     * (RFC 6585 section 5).
     */
    public static ProblemException headerFieldsTooLarge(String detail) {
        return new ProblemException(
                431, "header-fields-too-large", "Request Header Fields Too Large", detail, null, null, null);
    }

    /**
     * 502, type {@code request-refused-downstream}: a service behind this one refused the request this service
     * built for it, for its size (see {@code dev.obsdemo.common.web.SizeRefusals}). The caller did nothing wrong
     * and a retry fails the same way, so there is no {@code Retry-After}; it is logged as an ERROR, a defect of
     * this service's limits.
     */
    public static ProblemException refusedDownstream(String detail) {
        return new ProblemException(502, REFUSED_DOWNSTREAM, "Bad Gateway", detail, null, null, null);
    }

    /**
     * 503, type {@code dependency-unavailable}, {@code Retry-After: 5}: something this service needs (the
     * database, another service) is down; the request itself may succeed later.
     */
    public static ProblemException serviceUnavailable(String detail, Throwable cause) {
        return new ProblemException(
                Status.SERVICE_UNAVAILABLE.getStatusCode(),
                "dependency-unavailable",
                "Service Unavailable",
                detail,
                null,
                DEPENDENCY_RETRY_AFTER_SECONDS,
                cause);
    }

    /**
     * A dependency that failed for a reason that is not the caller's: a 503 whose detail says what the caller
     * knows ({@link #describeFailure}), e.g. "user-service did not answer in time".
     */
    public static ProblemException dependencyUnavailable(String dependency, Throwable cause) {
        return serviceUnavailable(describeFailure(dependency, cause), cause);
    }

    /**
     * What a caller knows about a failed call, from the exception that ended it: "user-service did not answer in
     * time" (a timeout), "... is failing; calls to it are suspended for a few seconds" (an open circuit breaker),
     * "... has too many calls in flight" (a full bulkhead), "... was not called: too little is left of the time
     * this request was given" (its deadline), "... failed on this request with 500 Internal Server
     * Error" ({@link DownstreamRequestFailure}: it answered, so it is not known to be down), and otherwise "... is
     * unavailable" (no connection, or a 503).
     */
    public static String describeFailure(String dependency, Throwable cause) {
        if (cause instanceof DownstreamRequestFailure failedRequest) {
            return failedRequest.getMessage();
        }
        String why;
        if (cause instanceof CircuitBreakerOpenException) {
            why = " is failing; calls to it are suspended for a few seconds";
        } else if (cause instanceof TimeoutException) {
            why = " did not answer in time";
        } else if (cause instanceof BulkheadException) {
            why = " has too many calls in flight";
        } else if (cause instanceof DeadlineExceededException) {
            why = " was not called: too little is left of the time this request was given";
        } else {
            why = " is unavailable";
        }
        return dependency + why;
    }

    /**
     * 502, type {@code dependency-failed}, no {@code Retry-After}: a service this one called failed on this
     * request ({@link DownstreamRequestFailure}) and so this one cannot complete it. Not a 503: the dependency is
     * up, and a 503 would tell this service's callers that it is unavailable (RFC 9110, section 15.6.3).
     */
    public static ProblemException dependencyFailed(String detail, DownstreamRequestFailure cause) {
        return new ProblemException(
                Status.BAD_GATEWAY.getStatusCode(), "dependency-failed", "Bad Gateway", detail, null, null, cause);
    }

    /** 429, type {@code rate-limited}, with {@code Retry-After} in seconds until the client's window ends. */
    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(
                Status.TOO_MANY_REQUESTS.getStatusCode(),
                "rate-limited",
                "Too Many Requests",
                detail,
                null,
                retryAfterSeconds,
                null);
    }

    /**
     * A problem that means no more than its HTTP status, for the statuses the framework decides (no route 404,
     * 405, 415, 500): type {@code about:blank} and the status' reason phrase as title, as RFC 9457 section 4.2.1
     * asks.
     */
    public static ProblemException httpStatus(StatusType status, String detail) {
        return new ProblemException(
                status.getStatusCode(), ABOUT_BLANK, status.getReasonPhrase(), detail, null, null, null);
    }

    /** The HTTP status code of the response. */
    /**
     * True for {@link #refusedDownstream}: this service sent a downstream more than it accepts, a defect of this
     * service to log as an ERROR. Every other 5xx problem says that something this service depends on failed.
     */
    public boolean isOwnDefect() {
        return type.equals(URI.create(TYPE_BASE + REFUSED_DOWNSTREAM));
    }

    public int status() {
        return status;
    }

    /** The problem type URI, e.g. {@code https://obsdemo.dev/problems/not-found}, or {@code about:blank}. */
    public URI type() {
        return type;
    }

    /** A short summary of the problem type, the same for every problem of that type. */
    public String title() {
        return title;
    }

    /** The invalid fields, each with its JSON path and what is wrong; empty, never null. */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Seconds for a {@code Retry-After} header, or null when the response should not carry one. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
