package dev.obsdemo.common.web;

import dev.obsdemo.common.telemetry.AppAttributes;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request a request ID before routing and ties it to the request's telemetry:
 * <ul>
 * <li>the ID is the incoming {@code X-Request-ID} when valid, else the {@code app.request.id} baggage entry a
 * caller sent, else a new UUID; hostile values are replaced, never reflected or logged;</li>
 * <li>it is the {@code app.request.id} attribute of the SERVER span, the {@code requestId} of every log line
 * (MDC), and the {@code app.request.id} baggage entry of the request's OpenTelemetry context, so that every
 * outgoing call carries it in {@code baggage} as well as in {@code X-Request-ID}
 * ({@link RequestIdClientFilter});</li>
 * <li>every response echoes it, with the trace ID as {@code X-Trace-Id} and a W3C {@code traceresponse}.</li>
 * </ul>
 */
public class RequestIdFilters {

    /** The logging context key of the request ID: {@code requestId} on every log line of the request. */
    public static final String MDC_KEY = "requestId";
    /** The response header with the trace ID (32 hex characters), to look the request up in a trace UI. */
    public static final String TRACE_ID_HEADER = "X-Trace-Id";
    /** The W3C Trace Context response header, {@code 00-<trace id>-<span id>-<flags>} (a W3C draft, level 2). */
    public static final String TRACE_RESPONSE_HEADER = "traceresponse";

    private static final String SCOPE_PROPERTY = "obsdemo.baggage-scope";

    /** Chooses the request's ID before routing and puts it on the span, the logging context and the baggage. */
    @ServerRequestFilter(preMatching = true, priority = 100)
    public void acceptRequestId(ContainerRequestContext request) {
        String fromHeader = request.getHeaderString(RequestIds.HEADER);
        String fromBaggage = Baggage.current().getEntryValue(AppAttributes.REQUEST_ID_BAGGAGE);
        String requestId = RequestIds.isValid(fromHeader) ? fromHeader : RequestIds.acceptOrGenerate(fromBaggage);
        RequestIds.bind(requestId);
        MDC.put(MDC_KEY, requestId);
        Span.current().setAttribute(AppAttributes.REQUEST_ID, requestId);
        Baggage baggage = Baggage.current().toBuilder()
                .put(AppAttributes.REQUEST_ID_BAGGAGE, requestId)
                .build();
        Scope scope = Context.current().with(baggage).makeCurrent();
        request.setProperty(SCOPE_PROPERTY, scope);
    }

    /** Puts the request and trace IDs on the response and closes the baggage scope opened for the request. */
    @ServerResponseFilter
    public void echoRequestAndTraceIds(ContainerRequestContext request, ContainerResponseContext response) {
        RequestIds.current().ifPresent(id -> response.getHeaders().putSingle(RequestIds.HEADER, id));
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            response.getHeaders().putSingle(TRACE_ID_HEADER, span.getTraceId());
            response.getHeaders()
                    .putSingle(
                            TRACE_RESPONSE_HEADER,
                            "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                                    + span.getTraceFlags().asHex());
        }
        if (request.getProperty(SCOPE_PROPERTY) instanceof Scope scope) {
            request.removeProperty(SCOPE_PROPERTY);
            scope.close();
        }
    }
}
