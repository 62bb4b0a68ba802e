package dev.obsdemo.gateway.api;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.web.PreRouting;
import dev.obsdemo.common.web.RouterProblems;
import dev.obsdemo.gateway.domain.RateLimitDecision;
import dev.obsdemo.gateway.domain.RateLimiter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Applies {@link RateLimiter} to every request on the public port, keyed by the client's address, whatever it
 * asks for: a route, OPTIONS, a path without a route, a method the route does not serve. It runs at
 * {@link PreRouting#ADMISSION}, after the request ID and the size limits and before any answer, so a scanner is
 * limited like anyone else. Over the limit: a 429 problem with {@code Retry-After}; otherwise the response
 * carries {@code RateLimit-Limit} and {@code RateLimit-Remaining} (draft-ietf-httpapi-ratelimit-headers). The
 * management port is not limited: it is not public.
 *
 * <p>The address is the TCP peer, or the forwarded client when {@code quarkus.http.proxy.proxy-address-forwarding}
 * is on behind a trusted proxy. Quarkus pauses the request's body until a handler reads it, so waiting for Redis
 * here loses nothing.
 */
@ApplicationScoped
public class RateLimitHandler {

    private final RateLimiter limiter;
    private final RouterProblems problems;

    public RateLimitHandler(RateLimiter limiter, RouterProblems problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(PreRouting.ADMISSION).handler(this::limit);
    }

    private void limit(RoutingContext rc) {
        String client = rc.request().remoteAddress() == null
                ? "unknown"
                : rc.request().remoteAddress().hostAddress();
        Context request = Vertx.currentContext();
        limiter.check(client)
                .subscribe()
                .with(decision -> request.runOnContext(ignored -> decide(rc, client, decision)), rc::fail);
    }

    private void decide(RoutingContext rc, String client, RateLimitDecision decision) {
        if (!decision.allowed()) {
            problems.send(
                    rc,
                    ProblemException.tooManyRequests(
                            "More than " + limiter.limit() + " requests from " + client
                                    + " in the current window; retry after " + decision.retryAfterSeconds() + " s",
                            (int) decision.retryAfterSeconds()),
                    false);
            return;
        }
        rc.addHeadersEndHandler(ignored -> rc.response()
                .headers()
                .set("RateLimit-Limit", Long.toString(limiter.limit()))
                .set("RateLimit-Remaining", Long.toString(decision.remaining())));
        rc.next();
    }
}
