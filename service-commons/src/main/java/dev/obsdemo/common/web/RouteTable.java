package dev.obsdemo.common.web;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes a service serves, read from its Jakarta REST resource classes: each path template (class
 * {@code @Path} joined with the method's, e.g. {@code /api/users/{id}/orders}) with the methods it answers.
 * {@code HEAD} comes with every {@code GET} (Jakarta REST 3.1 section 3.3.5) and {@code OPTIONS} with every route.
 *
 * <p>A path matches a template only as written: one slash between segments, none at the end, every
 * {@code {param}} a non-empty segment (or its own regular expression, {@code {id: \d+}}), so {@code //api/users},
 * {@code /api/users/} and {@code /api/users/7//} match nothing. Sub-resource locators (a {@code @Path} method
 * without an HTTP method) are not supported: none of the services has one.
 */
public final class RouteTable {

    /**
     * One route.
     *
     * @param template the path template as Jakarta REST and the telemetry write it, e.g. {@code /api/users/{id}}
     * @param methods the methods it serves, upper case, sorted, {@code OPTIONS} included
     */
    public record Route(String template, Set<String> methods, Pattern pattern) {

        /** The {@code Allow} header value: the methods, comma-separated. */
        public String allow() {
            return String.join(", ", methods);
        }
    }

    private static final Pattern PARAMETER =
            Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})+))?}");

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = routes;
    }

    /** The routes of these resource classes (each annotated with {@code @Path}; others are ignored). */
    public static RouteTable of(Collection<Class<?>> resourceClasses) {
        Map<String, Set<String>> methodsByTemplate = new LinkedHashMap<>();
        for (Class<?> resource : resourceClasses) {
            Path classPath = resource.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String template = join(classPath.value(), methodPath == null ? "" : methodPath.value());
                Set<String> methods = methodsByTemplate.computeIfAbsent(template, t -> new TreeSet<>());
                methods.add(httpMethod);
                methods.add("OPTIONS");
                if (httpMethod.equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        List<Route> routes = new ArrayList<>();
        methodsByTemplate.forEach((template, methods) -> routes.add(
                new Route(template, Collections.unmodifiableSortedSet(new TreeSet<>(methods)), compile(template))));
        // Literal segments first, as Jakarta REST prefers them (section 3.7.2): /orders/stats before /orders/{id}.
        routes.sort(Comparator.comparingInt((Route r) -> -literalCharacters(r.template()))
                .thenComparing(Route::template));
        return new RouteTable(List.copyOf(routes));
    }

    /** The route whose template matches this raw request path, if any. */
    public Optional<Route> match(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return routes.stream().filter(r -> r.pattern().matcher(path).matches()).findFirst();
    }

    /** Every route, most specific first. */
    public List<Route> routes() {
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String classPath, String methodPath) {
        String joined = "/" + strip(classPath) + (strip(methodPath).isEmpty() ? "" : "/" + strip(methodPath));
        return joined.equals("/") ? "/" : joined.replaceAll("/+$", "");
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    private static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start())));
            regex.append('(')
                    .append(
                            parameter.group(2) == null
                                    ? "[^/]+"
                                    : parameter.group(2).trim())
                    .append(')');
            last = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static int literalCharacters(String template) {
        return PARAMETER.matcher(template).replaceAll("").length();
    }
}
