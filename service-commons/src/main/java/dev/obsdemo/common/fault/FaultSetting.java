package dev.obsdemo.common.fault;

import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One fault switched on, with its parameters: the value of its OpenFeature flag's "on" variant.
 *
 * @param fault which fault
 * @param latencyMs fixed added latency in milliseconds ({@link Fault#LATENCY}, {@link Fault#SLOW_SQL}), 0 to
 *     60,000
 * @param jitterMs random added latency in milliseconds, uniform in [0, jitterMs], 0 to 60,000
 * @param ratio share of requests that fail ({@link Fault#ERROR_RATIO}), 0 to 1
 * @param route the route template it applies to, as the service declares it (e.g. {@code /users/{id}}), or
 *     empty for every route; route faults only
 */
public record FaultSetting(Fault fault, long latencyMs, long jitterMs, double ratio, String route) {

    static final long MAX_LATENCY_MS = 60_000;

    /**
     * Reads a setting from the admin endpoint's query parameters ({@code ms}, {@code jitterMs}, {@code ratio},
     * {@code route}); absent ones are 0 or empty.
     *
     * @param parameter the value of a query parameter by name, null when absent
     * @throws IllegalArgumentException with a message for the caller when a value is malformed or out of range,
     *     or when a latency fault has no latency or an error-ratio fault no ratio
     */
    public static FaultSetting parse(Fault fault, Function<String, String> parameter) {
        long ms = number(parameter, "ms", 0, MAX_LATENCY_MS);
        long jitter = number(parameter, "jitterMs", 0, MAX_LATENCY_MS);
        String rawRatio = parameter.apply("ratio");
        double ratio;
        try {
            ratio = rawRatio == null ? 0 : Double.parseDouble(rawRatio);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ratio must be a number from 0 to 1, not '" + rawRatio + "'");
        }
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be a number from 0 to 1, not '" + rawRatio + "'");
        }
        String route = parameter.apply("route");
        route = route == null ? "" : route.trim();
        if (!route.isEmpty() && !route.startsWith("/")) {
            throw new IllegalArgumentException(
                    "route must be a route template such as /users/{id}, not '" + route + "'");
        }
        if ((fault == Fault.LATENCY || fault == Fault.SLOW_SQL) && ms + jitter == 0) {
            throw new IllegalArgumentException(fault.flagName() + " needs ms or jitterMs above 0");
        }
        if (fault == Fault.ERROR_RATIO && ratio == 0) {
            throw new IllegalArgumentException("error-ratio needs a ratio above 0 (1 fails every request)");
        }
        return new FaultSetting(fault, ms, jitter, ratio, route);
    }

    private static long number(Function<String, String> parameter, String name, long min, long max) {
        String raw = parameter.apply(name);
        if (raw == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // The message below says what is expected.
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from " + min + " to " + max + ", not '" + raw + "'");
    }

    /** Whether the setting applies to a request path: true when it names no route or its template matches. */
    public boolean appliesTo(String path) {
        return route.isEmpty() || template(route).matcher(path).matches();
    }

    /** A route template as a pattern: each {@code {param}} is one path segment, everything else literal. */
    static Pattern template(String route) {
        StringBuilder regex = new StringBuilder();
        for (String part : route.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * The added latency of one request in milliseconds: {@code latencyMs} plus a random share of {@code jitterMs}.
     *
     * @param random a draw uniform in [0, 1]: 0 adds none of the jitter, 1 all of it
     */
    public long drawLatencyMs(double random) {
        return latencyMs + Math.round(jitterMs * random);
    }

    /** The parameters as the admin endpoint shows them and as the flag's "on" variant holds them. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fault", fault.flagName());
        if (fault == Fault.LATENCY || fault == Fault.SLOW_SQL) {
            out.put("ms", latencyMs);
            out.put("jitterMs", jitterMs);
        }
        if (fault == Fault.ERROR_RATIO) {
            out.put("ratio", ratio);
        }
        if (fault == Fault.LATENCY || fault == Fault.ERROR_RATIO) {
            out.put("route", route.isEmpty() ? "*" : route);
        }
        return out;
    }

    Value toValue() {
        MutableStructure structure = new MutableStructure()
                .add("ms", (int) latencyMs)
                .add("jitterMs", (int) jitterMs)
                .add("ratio", ratio)
                .add("route", route);
        return new Value(structure);
    }

    static FaultSetting fromValue(Fault fault, Value value) {
        var s = value.asStructure();
        return new FaultSetting(
                fault,
                s.getValue("ms").asInteger(),
                s.getValue("jitterMs").asInteger(),
                s.getValue("ratio").asDouble(),
                s.getValue("route").asString());
    }
}
