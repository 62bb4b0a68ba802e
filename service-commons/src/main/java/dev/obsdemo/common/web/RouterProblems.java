package dev.obsdemo.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a request with a problem document (RFC 9457) from a Vert.x router handler, before Jakarta REST runs:
 * the same document {@code ProblemResponses} renders for a resource, with the request ID of
 * {@link RequestIdHandler} (which also adds the {@code X-Request-ID} and {@code X-Trace-Id} headers) and
 * {@code Retry-After} in seconds when the problem has one.
 */
@ApplicationScoped
public class RouterProblems {

    /** Longer paths are left out of {@code instance}: an oversized request line is not echoed back. */
    private static final int MAX_INSTANCE_LENGTH = 512;

    private final ObjectMapper json;

    public RouterProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Ends the response with {@code problem}.
     *
     * @param closeConnection true when the request's body will not be read: the connection cannot be reused
     * @param extraHeaders header name and value pairs, e.g. {@code "Allow", "GET, HEAD, OPTIONS"}
     */
    public void send(RoutingContext rc, ProblemException problem, boolean closeConnection, String... extraHeaders) {
        String path = rc.request().path();
        String instance = path != null && path.length() <= MAX_INSTANCE_LENGTH ? path : null;
        Problem document =
                ProblemResponses.document(problem, instance, RequestIds.of(rc).orElse(null));
        HttpServerResponse response =
                rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", problem.retryAfterSeconds().toString());
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            response.putHeader(extraHeaders[i], extraHeaders[i + 1]);
        }
        if (closeConnection) {
            response.putHeader("Connection", "close");
        }
        try {
            response.end(json.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            rc.fail(problem.status(), e);
        }
    }
}
