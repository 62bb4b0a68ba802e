package dev.obsdemo.common.web;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Sends the current request's {@code X-Request-ID} on an outgoing REST client call. Register it on each
 * client interface with {@code @RegisterProvider(RequestIdClientFilter.class)}.
 */
public class RequestIdClientFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        RequestIds.current().ifPresent(id -> request.getHeaders().putSingle(RequestIds.HEADER, id));
    }
}
