package dev.obsdemo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged gateway-service in the prod profile (the profile of every deployment in deploy/) refuses runtime
 * faults: {@code PUT /q/faults/latency} answers 403 and {@code GET /q/faults} says they are not allowed, unless
 * {@code OBSDEMO_FAULTS_ALLOWED=true} allows them. The services share this code (service-commons' FaultFlags);
 * the gateway is the one that starts without a database.
 */
class ProductionFaultsTest {

    private final Path root =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest(name = "OBSDEMO_FAULTS_ALLOWED={0}")
    @CsvSource({"'', 403, false", "true, 200, true"})
    void theProdProfileRefusesFaultsUnlessAllowed(String allowed, int expectedStatus, boolean expectedAllowed)
            throws Exception {
        Path jar = root.resolve("gateway-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("build the services first (./mvnw package)").isRegularFile();
        Path log = Files.createDirectories(root.resolve("system-tests/target/stack"))
                .resolve("gateway-service-prod-faults-" + (allowed.isBlank() ? "default" : allowed) + ".log");
        int managementPort = LocalStack.freePort();
        ProcessBuilder builder = new ProcessBuilder(LocalStack.javaBinary(), "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", Integer.toString(LocalStack.freePort()),
                "QUARKUS_MANAGEMENT_HOST", "127.0.0.1",
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort),
                "QUARKUS_OTEL_SDK_DISABLED", "true",
                // Redis database 2 is the test instance's (the gateway's rate limiter; none is sent here).
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/2"));
        if (!allowed.isBlank()) {
            env.put("OBSDEMO_FAULTS_ALLOWED", allowed);
        }
        builder.environment().remove("QUARKUS_PROFILE");
        builder.environment().remove("OBSDEMO_FAULTS_ALLOWED");
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            String base = "http://127.0.0.1:" + managementPort + "/q/faults";
            HttpResponse<String> list =
                    untilAnswered(HttpRequest.newBuilder(URI.create(base)).GET(), log);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"allowed\":" + expectedAllowed);

            HttpResponse<String> on = untilAnswered(
                    HttpRequest.newBuilder(URI.create(base + "/latency?ms=100"))
                            .PUT(HttpRequest.BodyPublishers.noBody()),
                    log);
            assertThat(on.statusCode()).as(on.body()).isEqualTo(expectedStatus);
            if (expectedStatus == 403) {
                assertThat(on.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(on.body()).contains("OBSDEMO_FAULTS_ALLOWED");
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** Sends the request until the management port answers: at most 60 s of start-up. */
    private HttpResponse<String> untilAnswered(HttpRequest.Builder request, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("gateway-service did not answer in 60 s; log:\n" + Files.readString(log));
                }
                Thread.sleep(250);
            }
        }
    }
}
