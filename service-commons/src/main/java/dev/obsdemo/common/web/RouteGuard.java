package dev.obsdemo.common.web;

import dev.obsdemo.common.problem.ProblemException;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Optional;

/**
 * Routing decisions that need nothing but the {@link RouteTable} of the service's resources, made before any
 * resource runs so that they are the same for every method and path:
 * <ul>
 * <li>the matched route's template becomes the request's {@code UrlPathTemplate}, which Quarkus' Micrometer
 * and OpenTelemetry instrumentation read for the {@code uri} tag, {@code http.route} and the span name: a
 * refused request (413, 429, OPTIONS) is counted and named by its route, never by its raw path;</li>
 * <li>a path no route matches is a 404 problem for every method, OPTIONS included; a method the route does
 * not serve is a 405 problem with {@code Allow}; OPTIONS is a 204 with the route's {@code Allow} (RFC 9110
 * section 9.3.7).</li>
 * </ul>
 * An unmatched path has no template: Micrometer then tags it {@code NOT_FOUND} or {@code UNKNOWN} and the span
 * is named by its method (and {@code /*} for a 404), so no raw path becomes a series or a span name. In dev
 * mode the framework's own {@code /q/} pages (Dev UI) pass through.
 */
@ApplicationScoped
public class RouteGuard {

    /** Where Quarkus REST leaves the matched route template, and Micrometer and OpenTelemetry read it. */
    public static final String URL_TEMPLATE = "UrlPathTemplate";

    private static final String MATCH_KEY = "obsdemo.route";

    private final RouterProblems problems;
    private final BeanManager beans;
    private volatile RouteTable table;

    public RouteGuard(RouterProblems problems, BeanManager beans) {
        this.problems = problems;
        this.beans = beans;
    }

    void register(@Observes Router router) {
        router.route().order(PreRouting.ROUTE_MATCH).handler(this::match);
        router.route().order(PreRouting.ROUTE_ANSWERS).handler(this::answer);
    }

    /** The service's routes, read once from its resource beans. */
    public RouteTable table() {
        RouteTable routes = table;
        if (routes == null) {
            List<Class<?>> resources = beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                    .map(Bean::getBeanClass)
                    .filter(c -> c.isAnnotationPresent(Path.class))
                    .distinct()
                    .<Class<?>>map(c -> c)
                    .toList();
            routes = RouteTable.of(resources);
            table = routes;
        }
        return routes;
    }

    private void match(RoutingContext rc) {
        Optional<RouteTable.Route> route = table().match(rc.request().path());
        route.ifPresent(r -> {
            rc.put(MATCH_KEY, r);
            ((HttpServerRequestInternal) rc.request()).context().putLocal(URL_TEMPLATE, r.template());
        });
        rc.next();
    }

    private void answer(RoutingContext rc) {
        RouteTable.Route route = rc.get(MATCH_KEY);
        String method = rc.request().method().name();
        String path = rc.request().path();
        if (route == null) {
            if (LaunchMode.current() == LaunchMode.DEVELOPMENT && path != null && path.startsWith("/q/")) {
                rc.next();
                return;
            }
            problems.send(rc, ProblemException.httpStatus(Status.NOT_FOUND, "No resource at " + path), false);
            return;
        }
        if (method.equals("OPTIONS")) {
            rc.response().setStatusCode(204).putHeader("Allow", route.allow()).end();
            return;
        }
        if (!route.methods().contains(method)) {
            problems.send(
                    rc,
                    ProblemException.httpStatus(Status.METHOD_NOT_ALLOWED, "Method not allowed on " + path),
                    false,
                    "Allow",
                    route.allow());
            return;
        }
        rc.next();
    }
}
