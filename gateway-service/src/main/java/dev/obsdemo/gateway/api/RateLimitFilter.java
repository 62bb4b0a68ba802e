package dev.obsdemo.gateway.api;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.gateway.domain.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies {@link RateLimiter} to every {@code /api} request, keyed by the client's address: 429 with
 * {@code Retry-After} when over the limit. The address is the TCP peer, or the forwarded client when
 * {@code quarkus.http.proxy.proxy-address-forwarding} is on behind a trusted proxy.
 */
public class RateLimitFilter {

    private static final String REMAINING = "obsdemo.rate-limit.remaining";

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** Counts an {@code /api} request; a client over its limit gets a 429 problem and the route is not called. */
    @ServerRequestFilter(priority = 300)
    public Uni<Void> limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api")) {
            return Uni.createFrom().voidItem();
        }
        String client =
                http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        return limiter.check(client).map(decision -> {
            if (!decision.allowed()) {
                throw ProblemException.tooManyRequests(
                        "More than " + limiter.limit() + " requests from " + client
                                + " in the current window; retry after " + decision.retryAfterSeconds() + " s",
                        (int) decision.retryAfterSeconds());
            }
            request.setProperty(REMAINING, decision.remaining());
            return null;
        });
    }

    /** {@code RateLimit-Limit} and {@code RateLimit-Remaining} on every response to a counted request. */
    @ServerResponseFilter
    public void addLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        Object remaining = request.getProperty(REMAINING);
        if (remaining != null) {
            response.getHeaders().putSingle("RateLimit-Limit", limiter.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", remaining);
        }
    }
}
