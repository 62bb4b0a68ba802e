package dev.obsdemo.testing;

import java.util.UUID;

/**
 * Header values the telemetry tests send and expect: the shape of a generated {@code X-Request-ID}, Prometheus'
 * scrape {@code Accept} header, and random IDs for a W3C {@code traceparent}.
 */
public final class TelemetryHeaders {

    /** What a generated request ID looks like: a random UUID, lower-case. */
    public static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Prometheus' own scrape Accept header: OpenMetrics preferred, the text format accepted. */
    public static final String PROMETHEUS_ACCEPT =
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                    + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private TelemetryHeaders() {}

    /** Random lower-case hex, for trace IDs (32 characters) and span IDs (16) of a {@code traceparent}. */
    public static String randomHex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return hex.substring(0, length);
    }
}
