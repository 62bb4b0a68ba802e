package dev.obsdemo.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The simulation's parameters, read from system properties ({@code -Dload.<name>=<value>}; README "Load tests"
 * lists them). The defaults are laptop-sized: the default profile peaks at 10 new users per second for 10 s,
 * about 15 requests per second, far below the gateway's rate limit of 100 per second per client address.
 *
 * @param baseUrl the gateway, e.g. {@code http://127.0.0.1:8080}
 * @param profile {@code default} (ramp-up, steady, spike, steady again), {@code soak} (one long steady rate) or
 *     {@code steady} (one steady rate, {@link #duration} long: short checks and the background generator)
 * @param usersPerSec new virtual users (sessions) per second at the steady rate
 * @param rampSeconds the default profile's ramp from 1 user per second to {@link #usersPerSec}
 * @param duration seconds at the steady rate: the default profile's steady phase, or the whole soak/steady run
 * @param spikeUsersPerSec new users per second during the default profile's spike
 * @param spikeSeconds how long the spike lasts
 * @param recoverSeconds seconds at the steady rate after the spike (does the system come back?)
 * @param mix relative weight of each kind of session, by {@link Mix} name (0 leaves a kind out)
 * @param retryPercent share of placed orders that the client sends again with the same Idempotency-Key, 0-100
 * @param p95Millis the run fails when the 95th percentile of all response times is not below this, in ms
 * @param maxErrorPercent the run fails when more than this share of requests failed, 0-100
 * @param assertions false runs without the two assertions above (the background generator)
 * @param rateLimit the gateway's limit per client address and second ({@code RATE_LIMIT_REQUESTS}); the
 *     simulation refuses a profile whose worst case reaches 80% of it, so the default profile never sees a 429
 * @param traceIds where the trace IDs of the responses go ({@link TraceLog}), or null for nowhere
 */
public record LoadParameters(
        String baseUrl,
        String profile,
        double usersPerSec,
        int rampSeconds,
        int duration,
        double spikeUsersPerSec,
        int spikeSeconds,
        int recoverSeconds,
        Map<Mix, Integer> mix,
        int retryPercent,
        int p95Millis,
        double maxErrorPercent,
        boolean assertions,
        int rateLimit,
        Path traceIds) {

    /** The kinds of session a virtual user runs, each a short realistic visit of one to three requests. */
    public enum Mix {
        /** Sign up: POST /api/users. */
        createUser,
        /** Look at a user: GET /api/users/{id}. */
        viewUser,
        /** A user's orders: GET /api/users/{id}/orders. */
        listOrders,
        /** A user's summary: GET /api/users/{id}/summary. */
        summary,
        /** Place an order with an Idempotency-Key, sometimes sent twice. */
        placeOrder,
        /** Look at an order: GET /api/orders/{id}. */
        viewOrder,
        /** An invalid request: a bad e-mail, an unknown sku, a malformed Idempotency-Key. */
        invalid,
        /** An ID that does not exist: a user or an order. */
        unknownId
    }

    /** The default mix, in the syntax of {@code -Dload.mix}. */
    public static final String DEFAULT_MIX =
            "createUser=10,viewUser=25,listOrders=12,summary=12,placeOrder=25,viewOrder=8,invalid=4,unknownId=4";

    /**
     * The most requests one session sends: an order for a user created first, then its retry. The rate-limit
     * guard multiplies the peak users per second by this.
     */
    public static final int MAX_REQUESTS_PER_SESSION = 3;

    /** The share of the gateway's rate limit the worst case of a profile may reach. */
    public static final double RATE_LIMIT_HEADROOM = 0.8;

    /** The parameters of this JVM's system properties, with the defaults for those not set. */
    public static LoadParameters fromSystemProperties() {
        return from(System::getProperty);
    }

    /**
     * The parameters from a lookup of {@code load.*} names (null for not set).
     *
     * @throws IllegalArgumentException for a value that is not a number, an unknown profile or mix kind, or a
     *     profile whose peak would reach the gateway's rate limit
     */
    public static LoadParameters from(Function<String, String> properties) {
        Function<String, String> get = name -> properties.apply("load." + name);
        String profile = or(get.apply("profile"), "default");
        int defaultDuration = switch (profile) {
            case "default" -> 40;
            case "soak" -> 900;
            case "steady" -> 60;
            default ->
                throw new IllegalArgumentException("load.profile must be default, soak or steady, not " + profile);
        };
        String traceIds = or(get.apply("traceIds"), "target/load/trace-ids.csv");
        LoadParameters parameters = new LoadParameters(
                or(get.apply("baseUrl"), "http://127.0.0.1:8080"),
                profile,
                number(get, "usersPerSec", 3),
                (int) number(get, "rampSeconds", 15),
                (int) number(get, "duration", defaultDuration),
                number(get, "spikeUsersPerSec", 10),
                (int) number(get, "spikeSeconds", 10),
                (int) number(get, "recoverSeconds", 10),
                mix(or(get.apply("mix"), DEFAULT_MIX)),
                (int) number(get, "retryPercent", 20),
                (int) number(get, "p95Ms", 800),
                number(get, "maxErrorPercent", 1),
                Boolean.parseBoolean(or(get.apply("assertions"), "true")),
                (int) number(get, "rateLimit", 100),
                traceIds.equals("none") ? null : Path.of(traceIds));
        parameters.refuseRateLimitedProfile();
        return parameters;
    }

    /** The highest rate of new users per second the profile reaches. */
    public double peakUsersPerSec() {
        return profile.equals("default") ? Math.max(usersPerSec, spikeUsersPerSec) : usersPerSec;
    }

    /** The profile's length in seconds, from the first user to the last arrival. */
    public int totalSeconds() {
        return profile.equals("default") ? rampSeconds + duration + spikeSeconds + recoverSeconds : duration;
    }

    private void refuseRateLimitedProfile() {
        double worstCase = peakUsersPerSec() * MAX_REQUESTS_PER_SESSION;
        if (worstCase > RATE_LIMIT_HEADROOM * rateLimit) {
            throw new IllegalArgumentException(String.format(
                    "profile %s peaks at %.1f users/s, up to %.0f requests/s from one client address: over %.0f%% of"
                            + " the gateway's rate limit of %d/s, so some requests would be 429s. Lower"
                            + " load.usersPerSec/load.spikeUsersPerSec, or raise the gateway's RATE_LIMIT_REQUESTS"
                            + " and pass it as -Dload.rateLimit",
                    profile, peakUsersPerSec(), worstCase, RATE_LIMIT_HEADROOM * 100, rateLimit));
        }
    }

    /** The mix as percentages of sessions (kinds with weight 0 left out), in {@link Mix} order, summing to 100. */
    public Map<Mix, Double> mixPercent() {
        double total = mix.values().stream().mapToInt(Integer::intValue).sum();
        Map<Mix, Double> percent = new LinkedHashMap<>();
        mix.forEach((kind, weight) -> {
            if (weight > 0) {
                percent.put(kind, 100.0 * weight / total);
            }
        });
        return percent;
    }

    static Map<Mix, Integer> mix(String text) {
        Map<Mix, Integer> mix = new LinkedHashMap<>();
        for (Mix kind : Mix.values()) {
            mix.put(kind, 0);
        }
        for (String part : text.split(",")) {
            String[] pair = part.trim().split("=");
            if (pair.length != 2) {
                throw new IllegalArgumentException("load.mix: expected kind=weight, got '" + part + "'");
            }
            Mix kind;
            try {
                kind = Mix.valueOf(pair[0].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("load.mix: unknown kind '" + pair[0].trim() + "'; one of "
                        + java.util.Arrays.toString(Mix.values()));
            }
            mix.put(kind, Integer.parseInt(pair[1].trim()));
        }
        if (mix.values().stream().mapToInt(Integer::intValue).sum() <= 0
                || mix.values().stream().anyMatch(w -> w < 0)) {
            throw new IllegalArgumentException("load.mix: weights must be 0 or more, at least one above 0: " + text);
        }
        return mix;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static double number(Function<String, String> get, String name, double fallback) {
        String value = get.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("load." + name + " must be a number, not '" + value + "'");
        }
    }
}
