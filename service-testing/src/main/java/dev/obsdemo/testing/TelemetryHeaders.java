package dev.obsdemo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Small pieces the services' telemetry tests share: IDs to send, Prometheus' Accept header, log lines to wait for. */
public final class TelemetryAssertions {

    /** What a generated request ID looks like. */
    public static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Prometheus' own scrape Accept header: OpenMetrics preferred, the text format accepted. */
    public static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private TelemetryAssertions() {
    }

    /** Random lower-case hex, for trace IDs (32) and span IDs (16). */
    public static String randomHex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return hex.substring(0, length);
    }

    /** The service's JSON log lines of a request, once its access line (the last of a request) is written. */
    public static List<JsonNode> awaitLogLines(String service, String requestId) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> JsonLogs.withRequestId(service, requestId).stream()
                .anyMatch(l -> l.path("loggerName").asText().equals("access")));
        return JsonLogs.withRequestId(service, requestId);
    }

    public static JsonNode accessLine(List<JsonNode> lines) {
        return lines.stream().filter(l -> l.path("loggerName").asText().equals("access")).findFirst().orElseThrow();
    }
}
