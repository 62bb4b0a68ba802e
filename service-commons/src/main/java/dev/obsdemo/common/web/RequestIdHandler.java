package dev.obsdemo.common.web;

import dev.obsdemo.common.telemetry.AppAttributes;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request its request ID before anything can answer it, and ties it to the request's telemetry:
 * <ul>
 * <li>the ID is the incoming {@code X-Request-ID} when valid, else a new UUID; nothing else (not a baggage
 * entry, not a hostile header) becomes a request ID, and invalid values are never reflected or logged;</li>
 * <li>it is the {@code app.request.id} attribute of the SERVER span, the {@code requestId} of every log line
 * (MDC), and the {@code app.request.id} member of the request's baggage, which holds only what
 * {@link TrustedBaggage} keeps of the caller's, so every outgoing call carries it in {@code baggage} as well as
 * in {@code X-Request-ID} ({@link RequestIdClientFilter});</li>
 * <li>every response, whoever writes it (a resource, an exception mapper, a handler that refuses the request
 * before routing), carries it, with the trace ID as {@code X-Trace-Id} and a W3C {@code traceresponse}.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestIdHandler {

    void register(@Observes Router router) {
        router.route().order(PreRouting.REQUEST_ID).handler(this::assign);
    }

    private void assign(RoutingContext rc) {
        String requestId = RequestIds.acceptOrGenerate(rc.request().getHeader(RequestIds.HEADER));
        RequestIds.bind(rc, requestId);
        MDC.put(RequestIds.MDC_KEY, requestId);
        Span span = Span.current();
        span.setAttribute(AppAttributes.REQUEST_ID, requestId);
        SpanContext trace = span.getSpanContext();
        rc.addHeadersEndHandler(ignored -> echo(rc.response().headers(), requestId, trace));
        // The request's own context for the rest of its life: Quarkus keeps it in the request's duplicated
        // context, which ends with the request, so the scope is deliberately left open.
        Context.current()
                .with(TrustedBaggage.keep(Baggage.current(), requestId))
                .makeCurrent();
        rc.next();
    }

    private static void echo(MultiMap headers, String requestId, SpanContext trace) {
        headers.set(RequestIds.HEADER, requestId);
        if (trace.isValid()) {
            headers.set(RequestIds.TRACE_ID_HEADER, trace.getTraceId());
            headers.set(
                    RequestIds.TRACE_RESPONSE_HEADER,
                    "00-" + trace.getTraceId() + "-" + trace.getSpanId() + "-"
                            + trace.getTraceFlags().asHex());
        }
    }
}
