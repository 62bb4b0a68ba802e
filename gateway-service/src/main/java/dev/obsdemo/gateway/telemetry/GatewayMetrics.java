package dev.obsdemo.gateway.telemetry;

/**
 * The names of the metrics the gateway registers itself, in Micrometer's dotted form; Prometheus sees them
 * with underscores and, for counters, a {@code _total} suffix. Dashboards, alerts and runbooks
 * ({@code observability/}) query the Prometheus names given here. Every other gateway metric comes from a
 * library: {@code http_server_requests_seconds}, {@code http_client_requests_seconds} (Micrometer),
 * {@code ft_*} (SmallRye Fault Tolerance, per {@code UserClient}/{@code OrderClient} method), JVM and Redis
 * client metrics.
 */
public final class GatewayMetrics {

    /**
     * Counter of rate-limiter decisions, one per {@code /api} request; Prometheus:
     * {@code rate_limit_requests_total{result}} with {@link #RESULT} one of {@link #ALLOWED}, {@link #REJECTED},
     * {@link #FAILED_OPEN}.
     */
    public static final String RATE_LIMIT_REQUESTS = "rate_limit.requests";
    /** The tag of {@link #RATE_LIMIT_REQUESTS} that says what the limiter decided. */
    public static final String RESULT = "result";
    /** Within the limit: passed on. */
    public static final String ALLOWED = "allowed";
    /** Over the limit: answered 429. */
    public static final String REJECTED = "rejected";
    /** Not checked because Redis did not answer in time: passed on (the limiter fails open). */
    public static final String FAILED_OPEN = "failed_open";

    private GatewayMetrics() {}
}
