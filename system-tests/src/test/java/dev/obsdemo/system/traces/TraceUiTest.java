package dev.obsdemo.system.traces;

import static dev.obsdemo.system.ObservedStack.GATEWAY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.system.ObservedStack;
import dev.obsdemo.system.StackExtension;
import dev.obsdemo.system.Traces;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Zipkin UI as a person sees it, in a real headless browser (Debian's Chromium driven by playwright-core,
 * scripts/browser/zipkin-ui.mjs): a trace made by the test shows the three services' spans in its waterfall
 * and the request ID among the root span's tags, and the dependency graph shows the calls between the
 * services. Screenshots land in system-tests/target/screenshots/.
 */
@ExtendWith(StackExtension.class)
class TraceUiTest {

    private static final ObservedStack stack = new ObservedStack();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = stack.root.resolve("system-tests/target/screenshots");

    /** Runs the browser script with these arguments and returns the JSON it prints. */
    private static JsonNode zipkinUi(String... arguments) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        List<String> command = new ArrayList<>(List.of(
                "node", stack.root.resolve("scripts/browser/zipkin-ui.mjs").toString()));
        command.addAll(List.of(arguments));
        Path stderr = Files.createTempFile("zipkin-ui", ".log");
        Process process =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("zipkin-ui.mjs did not finish in 90 s");
        }
        assertThat(process.exitValue())
                .as("zipkin-ui.mjs %s: %s", String.join(" ", arguments), Files.readString(stderr))
                .isZero();
        return JSON.readTree(stdout);
    }

    @Test
    void theWaterfallShowsTheThreeServicesAndTheRequestId() throws Exception {
        long userId = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Browser\",\"email\":\"browser-" + UUID.randomUUID() + "@example.com\"}")
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        String requestId = "ui-" + UUID.randomUUID();
        Response response = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .header("X-Request-ID", requestId)
                .body("{\"userId\":" + userId + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
                .post("/api/orders");
        response.then().statusCode(201);
        String traceId = response.header("X-Trace-Id");
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Traces.services(Traces.zipkin(traceId)).size() == 3);

        JsonNode page = zipkinUi(
                "trace",
                traceId,
                "--screenshot",
                SCREENSHOTS.resolve("trace.png").toString());

        // Lens writes span names in lower case.
        assertThat(page.path("header").asText()).isEqualTo("gateway-service: post /api/orders");
        List<String> services = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        page.path("rows").forEach(row -> {
            services.add(row.path("service").asText());
            rows.add(row.path("service").asText() + ": " + row.path("name").asText());
        });
        assertThat(Set.copyOf(services)).isEqualTo(Set.of("gateway-service", "order-service", "user-service"));
        assertThat(rows)
                .contains(
                        "gateway-service: post /orders",
                        "order-service: post /orders",
                        "user-service: get /users/{id}");
        assertThat(rows).hasSize(Traces.zipkin(traceId).size());
        assertThat(page.path("tags").path("app.request.id").asText()).isEqualTo(requestId);
        assertThat(SCREENSHOTS.resolve("trace.png")).isNotEmptyFile();
    }

    @Test
    void theDependencyGraphShowsWhoCallsWhom() throws Exception {
        long userId = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Browser\",\"email\":\"browser-" + UUID.randomUUID() + "@example.com\"}")
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        // An order (gateway -> order-service -> user-service) and a summary (gateway -> both, concurrently).
        String order = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"userId\":" + userId + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .header("X-Trace-Id");
        String summary = given().baseUri(GATEWAY)
                .get("/api/users/{id}/summary", userId)
                .then()
                .statusCode(200)
                .extract()
                .header("X-Trace-Id");
        for (String traceId : List.of(order, summary)) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Traces.services(Traces.zipkin(traceId)).size() == 3);
        }

        JsonNode graph = zipkinUi(
                        "dependencies",
                        "--screenshot",
                        SCREENSHOTS.resolve("dependencies.png").toString())
                .path("nodes");

        assertThat(names(graph.path("gateway-service").path("uses"))).contains("order-service", "user-service");
        assertThat(names(graph.path("order-service").path("usedBy"))).contains("gateway-service");
        assertThat(names(graph.path("order-service").path("uses"))).contains("user-service");
        assertThat(names(graph.path("user-service").path("usedBy"))).contains("gateway-service", "order-service");
        assertThat(names(graph.path("user-service").path("uses"))).isEmpty();
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }
}
