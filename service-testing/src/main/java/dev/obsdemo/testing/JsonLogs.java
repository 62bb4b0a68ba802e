package dev.obsdemo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The JSON log lines a service under test wrote to its log file (the test profile writes
 * {@code target/test-logs/<service>.log}), parsed, so tests assert on fields rather than substrings.
 */
public final class JsonLogs {

    /** The logger of the one line per request that {@code AccessLog} writes when the response is complete. */
    private static final String ACCESS_LOGGER = "access";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLogs() {}

    /** Every line of the service's log so far; empty before the first line is written. */
    public static List<JsonNode> read(String service) {
        Path file = Path.of("target", "test-logs", service + ".log");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines whose top-level {@code requestId} is {@code requestId}. */
    public static List<JsonNode> withRequestId(String service, String requestId) {
        return read(service).stream()
                .filter(l -> requestId.equals(l.path("requestId").asText(null)))
                .toList();
    }

    /**
     * The lines of a request, once its access line (the last of a request) is written; fails after 10 s
     * without one.
     */
    public static List<JsonNode> awaitLogLines(String service, String requestId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> withRequestId(service, requestId).stream().anyMatch(JsonLogs::isAccessLine));
        return withRequestId(service, requestId);
    }

    /** The access line among a request's lines; fails when there is none. */
    public static JsonNode accessLine(List<JsonNode> lines) {
        return lines.stream().filter(JsonLogs::isAccessLine).findFirst().orElseThrow();
    }

    private static boolean isAccessLine(JsonNode line) {
        return line.path("loggerName").asText().equals(ACCESS_LOGGER);
    }
}
