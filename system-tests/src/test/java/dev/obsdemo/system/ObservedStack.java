package dev.obsdemo.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole local stack as {@code make demo} runs it (scripts/stack.sh: the services, the collector, Jaeger,
 * Zipkin, Prometheus, Alertmanager on their default loopback ports), as its test instance
 * ({@code STACK_INSTANCE=test}: databases users_test and orders_test, Redis database 2, state and logs in
 * .run/test/; it refuses to start while the demo runs and never stops the demo), and readers for what it
 * records: Jaeger's query API, Prometheus' HTTP API and the services' JSON log files.
 */
public final class ObservedStack {

    public static final String GATEWAY = "http://127.0.0.1:8080";
    public static final String JAEGER = "http://127.0.0.1:16686";
    public static final String PROMETHEUS = "http://127.0.0.1:9090";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The environment variable that selects the test instance of the local stack in every script. */
    public static final String INSTANCE = "STACK_INSTANCE";

    public final Path root =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    /** The test instance's state: pid files, logs (logs/), Prometheus' and Alertmanager's data. */
    public final Path runDir = root.resolve(".run/test");

    private final Path log = root.resolve("system-tests/target/stack.log");

    public void up() {
        run(Map.of(), "up");
    }

    /**
     * Starts what is not running, with these extra environment variables for scripts/stack.sh (e.g.
     * {@code ORDER_SERVICE_USER_SERVICE_URL}, which the test instance honours).
     */
    public void up(Map<String, String> environment) {
        run(environment, "up");
    }

    public void down() {
        run(Map.of(), "down");
    }

    /** Stops these components of the stack (scripts/stack.sh stop); {@link #up()} starts them again. */
    public void stop(String... components) {
        String[] command = new String[components.length + 1];
        command[0] = "stop";
        System.arraycopy(components, 0, command, 1, components.length);
        run(Map.of(), command);
    }

    private void run(Map<String, String> environment, String... command) {
        try {
            Files.createDirectories(log.getParent());
            List<String> commandLine =
                    new ArrayList<>(List.of(root.resolve("scripts/stack.sh").toString()));
            commandLine.addAll(List.of(command));
            ProcessBuilder builder = new ProcessBuilder(commandLine);
            builder.environment().putAll(environment);
            builder.environment().put(INSTANCE, "test");
            Process process = builder.directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "scripts/stack.sh " + String.join(" ", command) + " failed; see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pid of a component started by stack.sh (its pid file holds the pid, then the process' start time). */
    public long pid(String component) throws IOException {
        return Long.parseLong(
                Files.readString(runDir.resolve(component + ".pid")).trim().split("\\s+")[0]);
    }

    /** A service's rotating JSON log file. */
    public Path logFile(String service) {
        return runDir.resolve("logs/" + service + ".log");
    }

    public static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Jaeger's view of a trace: its spans, or an empty array when it has none yet. */
    static JsonNode trace(String traceId) throws IOException, InterruptedException {
        JsonNode data = getJson(JAEGER + "/api/traces/" + traceId).path("data");
        return data.isArray() && data.size() > 0 ? data.get(0) : JSON.createObjectNode();
    }

    static boolean traceExists(String traceId) throws IOException, InterruptedException {
        return trace(traceId).path("spans").size() > 0;
    }

    public static JsonNode prometheus(String path, String query) throws IOException, InterruptedException {
        return getJson(PROMETHEUS + path + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start="
                + (System.currentTimeMillis() / 1000 - 900) + "&end=" + (System.currentTimeMillis() / 1000 + 60));
    }

    /** The JSON log lines of a service (its rotating file, {@link #logFile}) with this request ID. */
    List<JsonNode> logLines(String service, String requestId) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        Path file = logFile(service);
        if (!Files.exists(file)) {
            return lines;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.contains(requestId)) {
                JsonNode node = JSON.readTree(line);
                if (requestId.equals(node.path("requestId").asText())) {
                    lines.add(node);
                }
            }
        }
        return lines;
    }
}
