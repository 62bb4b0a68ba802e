package dev.obsdemo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON log lines a service under test wrote to its log file (the test profile writes
 * {@code target/test-logs/<service>.log}), parsed, so tests assert on fields rather than substrings.
 */
public final class JsonLogs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLogs() {
    }

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

    public static List<JsonNode> withRequestId(String service, String requestId) {
        return read(service).stream().filter(l -> requestId.equals(l.path("requestId").asText(null))).toList();
    }
}
