package dev.obsdemo.common.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Accepts or generates the {@code X-Request-ID} of each incoming request before routing, makes it current
 * (see {@link RequestIds}) and in the log MDC as {@code requestId}, and echoes it on every response, errors
 * included.
 */
public class RequestIdFilters {

    public static final String MDC_KEY = "requestId";

    @ServerRequestFilter(preMatching = true, priority = 100)
    public void acceptRequestId(ContainerRequestContext request) {
        String requestId = RequestIds.acceptOrGenerate(request.getHeaderString(RequestIds.HEADER));
        RequestIds.bind(requestId);
        MDC.put(MDC_KEY, requestId);
    }

    @ServerResponseFilter
    public void echoRequestId(ContainerResponseContext response) {
        RequestIds.current().ifPresent(id -> response.getHeaders().putSingle(RequestIds.HEADER, id));
    }
}
