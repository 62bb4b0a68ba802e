package dev.obsdemo.common.problem;

import dev.obsdemo.common.web.RequestIds;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The one place a {@link ProblemException} becomes a response: status, {@code application/problem+json}, the
 * {@link Problem} document with the request's path as {@code instance} and its request ID as
 * {@code requestId}, and {@code Retry-After} (seconds, RFC 9110 section 10.2.3) when the problem has one.
 */
public final class ProblemResponses {

    private ProblemResponses() {}

    /** The response for {@code problem} in the request being handled. */
    public static Response of(ProblemException problem, UriInfo request) {
        return builder(problem, request).build();
    }

    /** As {@link #of}, for a caller that adds a header of its own (the {@code Allow} of a 405). */
    public static Response.ResponseBuilder builder(ProblemException problem, UriInfo request) {
        Problem document =
                document(problem, instance(request), RequestIds.current().orElse(null));
        Response.ResponseBuilder response =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(document);
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds());
        }
        return response;
    }

    /**
     * The document alone, for code that answers before Jakarta REST runs (the body limit on the Vert.x router)
     * and so passes the request's path and ID itself.
     */
    public static Problem document(ProblemException problem, String instance, String requestId) {
        return new Problem(
                problem.type(),
                problem.title(),
                problem.status(),
                problem.getMessage(),
                instance,
                requestId,
                problem.errors());
    }

    /** The request's path with one leading slash ({@code /users/7}), or null outside a request. */
    public static String instance(UriInfo request) {
        return request == null ? null : "/" + request.getPath().replaceFirst("^/", "");
    }
}
