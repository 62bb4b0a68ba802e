package dev.obsdemo.common.telemetry;

import dev.obsdemo.common.web.PreRouting;
import dev.obsdemo.common.web.RequestIds;
import dev.obsdemo.common.web.RouteGuard;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Objects;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One INFO line per request on the application port, written when the response is complete: method, route
 * template (never the raw path, so IDs do not leak into log keys), status, duration in milliseconds, request
 * ID and trace ID (as top-level fields of the JSON line, see {@link JsonLogContext}). It is the first handler on
 * the Vert.x router ({@link PreRouting}), so it also sees what never reaches a resource (a 413, 414 or 431 from
 * the size limits, a 429, a 404 without a route).
 */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("access");

    void register(@Observes Router router) {
        router.route().order(PreRouting.ACCESS_LOG).handler(this::logWhenDone);
    }

    private void logWhenDone(RoutingContext rc) {
        // Nothing to do, not even the clock, when the access logger is off (QUARKUS_LOG_LEVEL=WARN and above).
        if (!LOG.isInfoEnabled()) {
            rc.next();
            return;
        }
        long start = System.nanoTime();
        rc.addEndHandler(done -> {
            long nanos = System.nanoTime() - start;
            Object template =
                    ((HttpServerRequestInternal) rc.request()).context().getLocal(RouteGuard.URL_TEMPLATE);
            // No template: the request matched no route. Never the raw path, which carries IDs.
            String route = template != null
                    ? template.toString()
                    : rc.response().getStatusCode() == 404 ? "NOT_FOUND" : "UNMATCHED";
            String requestId = rc.response().headers().get(RequestIds.HEADER);
            String traceId = rc.response().headers().get(RequestIds.TRACE_ID_HEADER);
            // The end handler may run outside the request's logging context: set the IDs for this line only,
            // and only where they differ (each MDC change is a write to the Vert.x context's map).
            Object previousRequestId = MDC.get(RequestIds.MDC_KEY);
            Object previousTraceId = MDC.get("traceId");
            boolean setRequestId = !Objects.equals(previousRequestId, requestId);
            boolean setTraceId = !Objects.equals(previousTraceId, traceId);
            if (setRequestId) {
                putOrRemove(RequestIds.MDC_KEY, requestId);
            }
            if (setTraceId) {
                putOrRemove("traceId", traceId);
            }
            try {
                LOG.info(line(rc.request().method().name(), route, rc.response().getStatusCode(), nanos));
            } finally {
                if (setRequestId) {
                    putOrRemove(RequestIds.MDC_KEY, previousRequestId);
                }
                if (setTraceId) {
                    putOrRemove("traceId", previousTraceId);
                }
            }
        });
        rc.next();
    }

    /**
     * The access line's message, e.g. {@code GET /users/{id} 200 1.3 ms}: the duration in milliseconds with one
     * decimal, rounded. Built by hand: {@code Logger.infof}'s {@link java.util.Formatter} cost more than the rest
     * of the line (JFR, docs/performance.md).
     *
     * @param nanos the request's duration in nanoseconds, not negative
     */
    static String line(String method, String route, int status, long nanos) {
        long tenths = (nanos + 50_000) / 100_000;
        return new StringBuilder(method.length() + route.length() + 24)
                .append(method)
                .append(' ')
                .append(route)
                .append(' ')
                .append(status)
                .append(' ')
                .append(tenths / 10)
                .append('.')
                .append(tenths % 10)
                .append(" ms")
                .toString();
    }

    private static void putOrRemove(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
