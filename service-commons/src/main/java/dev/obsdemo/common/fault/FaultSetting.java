package dev.obsdemo.common.fault;

import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One fault switched on, with its parameters: the value of its OpenFeature flag's "on" variant.
 *
 * @param fault which fault
 * @param latencyMs the {@code ms} parameter: fixed added latency in milliseconds ({@link Fault#LATENCY}, {@link
 *     Fault#SLOW_SQL}, {@link Fault#REDIS_LATENCY}), 0 to 60,000; for {@link Fault#CPU_HEAVY} the CPU time each
 *     request burns, 1 to {@value #MAX_CPU_MS}
 * @param jitterMs random added latency in milliseconds, uniform in [0, jitterMs], 0 to 60,000
 * @param ratio share of requests that fail ({@link Fault#ERROR_RATIO}), 0 to 1
 * @param megabytes the {@code mb} parameter: MiB each request allocates ({@link Fault#ALLOCATION_HEAVY}), 1 to
 *     {@value #MAX_ALLOCATION_MB}; 0 for the other faults
 * @param route the route template it applies to, as the service declares it (e.g. {@code /users/{id}}), or
 *     empty for every route; route faults only
 */
public record FaultSetting(Fault fault, long latencyMs, long jitterMs, double ratio, long megabytes, String route) {

    static final long MAX_LATENCY_MS = 60_000;
    /**
     * CPU time a request of {@link Fault#CPU_HEAVY} may burn: 5 s of a core is already far beyond any sane
     * request, and the demo machine has two cores.
     */
    static final long MAX_CPU_MS = 5_000;
    /** MiB a request of {@link Fault#ALLOCATION_HEAVY} may allocate: the services run with a 192 MB heap. */
    static final long MAX_ALLOCATION_MB = 256;

    /**
     * The query parameters a fault takes: any other name is refused, so a typo ({@code rout=}) cannot silently
     * widen a fault to every route or drop its latency.
     */
    public static Set<String> parameterNames(Fault fault) {
        return switch (fault) {
            case LATENCY -> Set.of("ms", "jitterMs", "route");
            case ERROR_RATIO -> Set.of("ratio", "route");
            case SLOW_SQL, REDIS_LATENCY -> Set.of("ms", "jitterMs");
            case CPU_HEAVY -> Set.of("ms", "route");
            case ALLOCATION_HEAVY -> Set.of("mb", "route");
            case REDIS_UNAVAILABLE, N_PLUS_ONE, UNTRACED_DOWNSTREAM -> Set.of();
        };
    }

    /**
     * Refuses the parameter names a fault does not take.
     *
     * @param names the names of the request's query parameters
     * @throws IllegalArgumentException naming the first unknown parameter and the ones the fault takes
     */
    public static void checkNames(Fault fault, Collection<String> names) {
        Set<String> known = parameterNames(fault);
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "': " + fault.flagName()
                        + (known.isEmpty() ? " takes none" : " takes " + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    /**
     * Reads a setting from the admin endpoint's query parameters ({@code ms}, {@code jitterMs}, {@code ratio},
     * {@code mb}, {@code route}); absent ones are 0 or empty.
     *
     * @param parameter the value of a query parameter by name, null when absent
     * @throws IllegalArgumentException with a message for the caller when a value is malformed or out of range,
     *     or when a latency fault has no latency, an error-ratio fault no ratio, cpu-heavy no {@code ms} or
     *     allocation-heavy no {@code mb}
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
        long megabytes = number(parameter, "mb", 1, MAX_ALLOCATION_MB);
        String route = parameter.apply("route");
        route = route == null ? "" : route.trim();
        if (!route.isEmpty() && !route.startsWith("/")) {
            throw new IllegalArgumentException(
                    "route must be a route template such as /users/{id}, not '" + route + "'");
        }
        if (fault == Fault.CPU_HEAVY && (ms < 1 || ms > MAX_CPU_MS)) {
            throw new IllegalArgumentException("cpu-heavy needs ms, the CPU milliseconds each request burns, from 1 to "
                    + MAX_CPU_MS + (parameter.apply("ms") == null ? "" : ", not '" + parameter.apply("ms") + "'"));
        }
        if (fault == Fault.ALLOCATION_HEAVY && megabytes < 1) {
            throw new IllegalArgumentException(
                    "allocation-heavy needs mb, the MiB each request allocates, from 1 to " + MAX_ALLOCATION_MB);
        }
        if (hasLatency(fault) && ms + jitter == 0) {
            throw new IllegalArgumentException(fault.flagName() + " needs ms or jitterMs above 0");
        }
        if (fault == Fault.ERROR_RATIO && ratio == 0) {
            throw new IllegalArgumentException("error-ratio needs a ratio above 0 (1 fails every request)");
        }
        return new FaultSetting(fault, ms, jitter, ratio, megabytes, route);
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

    /** The faults whose {@code ms} and {@code jitterMs} are a delay. */
    private static boolean hasLatency(Fault fault) {
        return fault == Fault.LATENCY || fault == Fault.SLOW_SQL || fault == Fault.REDIS_LATENCY;
    }

    /** The faults that act on a service's routes and take {@code route}. */
    private static boolean isRouteFault(Fault fault) {
        return fault == Fault.LATENCY
                || fault == Fault.ERROR_RATIO
                || fault == Fault.CPU_HEAVY
                || fault == Fault.ALLOCATION_HEAVY;
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
        if (hasLatency(fault)) {
            out.put("ms", latencyMs);
            out.put("jitterMs", jitterMs);
        }
        if (fault == Fault.CPU_HEAVY) {
            out.put("ms", latencyMs);
        }
        if (fault == Fault.ALLOCATION_HEAVY) {
            out.put("mb", megabytes);
        }
        if (fault == Fault.ERROR_RATIO) {
            out.put("ratio", ratio);
        }
        if (isRouteFault(fault)) {
            out.put("route", route.isEmpty() ? "*" : route);
        }
        return out;
    }

    Value toValue() {
        MutableStructure structure = new MutableStructure()
                .add("ms", (int) latencyMs)
                .add("jitterMs", (int) jitterMs)
                .add("ratio", ratio)
                .add("mb", (int) megabytes)
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
                s.getValue("mb").asInteger(),
                s.getValue("route").asString());
    }
}
