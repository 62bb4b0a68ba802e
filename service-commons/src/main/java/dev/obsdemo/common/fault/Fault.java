package dev.obsdemo.common.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The in-code faults a service can switch on at runtime, each an OpenFeature flag named {@code fault.<name>}
 * ({@link FaultFlags}). Which service acts on which fault: the route faults in every service, Redis in every
 * service that calls Redis, the others in order-service.
 */
public enum Fault {
    /** Added latency on a route, fixed ({@code ms}) plus random ({@code jitterMs}), inside the SERVER span. */
    LATENCY("latency"),
    /** A share ({@code ratio}, 0 to 1) of a route's requests answered 500 with an "injected fault" problem. */
    ERROR_RATIO("error-ratio"),
    /** Every Redis call fails before it is sent, as when Redis is down: the service's Redis fallbacks run. */
    REDIS_UNAVAILABLE("redis-unavailable"),
    /**
     * Slow SQL: order-service's reads of orders first spend {@code ms} (plus up to {@code jitterMs}) inside
     * PostgreSQL ({@code pg_sleep}), a JDBC span of that length.
     */
    SLOW_SQL("slow-sql"),
    /** order-service's user statistics (the summary route) read every order one query at a time. */
    N_PLUS_ONE("n-plus-one"),
    /** order-service calls user-service without {@code traceparent}: the trace breaks in two. */
    UNTRACED_DOWNSTREAM("untraced-downstream"),
    /**
     * CPU work on a route: each request burns {@code ms} milliseconds of its thread's CPU time (measured, not a
     * sleep) inside a child span {@code cpu-heavy work (injected fault)} of the SERVER span.
     */
    CPU_HEAVY("cpu-heavy"),
    /**
     * Allocation on a route: each request allocates {@code mb} MiB in short-lived arrays inside a child span
     * {@code allocation-heavy work (injected fault)} of the SERVER span, so the garbage collector has work.
     */
    ALLOCATION_HEAVY("allocation-heavy"),
    /**
     * A slow Redis: each Redis command waits {@code ms} (plus up to {@code jitterMs}) before it is sent, inside a
     * CLIENT span {@code redis <COMMAND> latency (injected fault)}, and counts against the call's own timeout.
     */
    REDIS_LATENCY("redis-latency");

    private final String flagName;

    Fault(String flagName) {
        this.flagName = flagName;
    }

    /** The name used by the admin endpoint and the command line, e.g. {@code error-ratio}. */
    public String flagName() {
        return flagName;
    }

    /** The OpenFeature flag key, {@code fault.<name>}. */
    public String flagKey() {
        return "fault." + flagName;
    }

    /** The fault of that name (as {@link #flagName()}, case-insensitive), or empty when there is none. */
    public static Optional<Fault> byName(String name) {
        String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.flagName.equals(wanted)).findFirst();
    }
}
