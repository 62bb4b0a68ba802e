package dev.obsdemo.common.telemetry;

import dev.obsdemo.common.web.PreRouting;
import dev.obsdemo.common.web.RequestIds;
import dev.obsdemo.common.web.RouteGuard;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
        long start = System.nanoTime();
        rc.addEndHandler(done -> {
            double millis = (System.nanoTime() - start) / 1_000_000.0;
            Object template =
                    ((HttpServerRequestInternal) rc.request()).context().getLocal(RouteGuard.URL_TEMPLATE);
            // No template: the request matched no route. Never the raw path, which carries IDs.
            String route = template != null
                    ? template.toString()
                    : rc.response().getStatusCode() == 404 ? "NOT_FOUND" : "UNMATCHED";
            String requestId = rc.response().headers().get(RequestIds.HEADER);
            String traceId = rc.response().headers().get(RequestIds.TRACE_ID_HEADER);
            // The end handler may run outside the request's logging context: set the IDs for this line only.
            Object previousRequestId = MDC.get(RequestIds.MDC_KEY);
            Object previousTraceId = MDC.get("traceId");
            putOrRemove(RequestIds.MDC_KEY, requestId);
            putOrRemove("traceId", traceId);
            try {
                LOG.infof(
                        "%s %s %d %.1f ms",
                        rc.request().method().name(), route, rc.response().getStatusCode(), millis);
            } finally {
                putOrRemove(RequestIds.MDC_KEY, previousRequestId);
                putOrRemove("traceId", previousTraceId);
            }
        });
        rc.next();
    }

    private static void putOrRemove(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
