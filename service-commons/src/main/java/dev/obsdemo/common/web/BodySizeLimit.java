package dev.obsdemo.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One body limit, {@code quarkus.http.limits.max-body-size}, enforced by Vert.x before anything reads the
 * body: a body that announces a larger {@code Content-Length} gets a 413 problem document from here, ahead
 * of Quarkus' own check (which answers with an empty 413). A chunked body that announces no length is cut by
 * Quarkus while it is read: 413 with an empty body and the connection closed. Either way it never reaches a
 * resource, a downstream service or the database.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final ObjectMapper json;
    private final long maxBodyBytes;

    public BodySizeLimit(
            ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.json = json;
        this.maxBodyBytes = limit.asLongValue();
    }

    void register(@Observes Router router) {
        // Before Quarkus' limit handler (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2).
        router.route().order(Integer.MIN_VALUE + 1).handler(this::rejectAnnouncedOversizedBody);
    }

    private void rejectAnnouncedOversizedBody(RoutingContext rc) {
        long length = contentLength(rc.request().getHeader("Content-Length"));
        if (length <= maxBodyBytes) {
            rc.next();
            return;
        }
        String requestId = RequestIds.acceptOrGenerate(rc.request().getHeader(RequestIds.HEADER));
        ProblemException tooLarge =
                ProblemException.payloadTooLarge("The body has " + length + " bytes; the limit is " + maxBodyBytes);
        Problem problem = ProblemResponses.document(tooLarge, rc.normalizedPath(), requestId);
        try {
            rc.response()
                    .setStatusCode(tooLarge.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader(RequestIds.HEADER, requestId)
                    .putHeader("Connection", "close") // the unread body is not drained
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            rc.fail(tooLarge.status(), e);
        }
    }

    private static long contentLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
