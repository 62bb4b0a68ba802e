package dev.obsdemo.system;

import static dev.obsdemo.system.ObservedStack.GATEWAY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.obsdemo.system.Traces.Span;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end on the stack `make demo` runs: a request goes in through the gateway and is followed in Jaeger,
 * in the services' JSON logs and in Prometheus; a killed service is seen as such and recovers.
 *
 * <p>The kill test restarts what it killed, so the order only keeps the slow test last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StackExtension.class)
class EndToEndTest {

    private static final ObservedStack stack = new ObservedStack();
    private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);

    private static List<Span> awaitTrace(String traceId, java.util.function.Predicate<List<Span>> complete) {
        List<List<Span>> found = new java.util.ArrayList<>();
        await().atMost(TRACE_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Span> spans = Traces.jaeger(traceId);
            found.clear();
            found.add(spans);
            return complete.test(spans);
        });
        return found.get(0);
    }

    private static boolean fromAllServices(List<Span> spans) {
        Set<String> services = new HashSet<>();
        spans.forEach(s -> services.add(s.service()));
        return services.containsAll(Set.of("gateway-service", "order-service", "user-service"));
    }

    private static long createUser() {
        return given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"E2E\",\"email\":\"e2e-" + UUID.randomUUID() + "@example.com\"}")
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    @Test
    @Order(1)
    void oneOrderIsOneTraceAcrossAllServicesWithItsRequestId() throws Exception {
        long userId = createUser();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String clientSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String requestId = "e2e-" + UUID.randomUUID();

        Response response = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + clientSpanId + "-01")
                .header("X-Request-ID", requestId)
                .body("{\"userId\":" + userId + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
                .post("/api/orders");
        response.then().statusCode(201).header("X-Request-ID", requestId).header("X-Trace-Id", traceId);

        List<Span> spans = awaitTrace(
                traceId,
                s -> fromAllServices(s)
                        && s.stream().anyMatch(x -> "postgresql".equals(x.tags().get("db.system")))
                        && s.stream().filter(x -> x.kind().equals("server")).count() >= 3);

        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(s.id()));
        Span root = spans.stream()
                .filter(s -> clientSpanId.equals(s.parentId()))
                .findFirst()
                .orElseThrow();
        assertThat(root.service()).isEqualTo("gateway-service");
        assertThat(root.kind()).isEqualTo("server");
        spans.stream()
                .filter(s -> s != root)
                .forEach(s -> assertThat(ids).as("parent of %s", s.operation()).contains(s.parentId()));
        assertThat(spans)
                .anyMatch(s -> "postgresql".equals(s.tags().get("db.system"))
                        && s.service().equals("order-service"));
        assertThat(spans).anyMatch(s -> "redis".equals(s.tags().get("db.system")));
        assertThat(spans.stream().filter(s -> s.kind().equals("server")))
                .extracting(Span::service)
                .contains("gateway-service", "order-service", "user-service");
        spans.stream()
                .filter(s -> s.kind().equals("server"))
                .forEach(s -> assertThat(s.tags().get("app.request.id"))
                        .as(s.service())
                        .isEqualTo(requestId));

        // The same request ID in the JSON logs of all three services, with the trace ID beside it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String service : List.of("gateway-service", "order-service", "user-service")) {
                List<JsonNode> lines = stack.logLines(service, requestId);
                assertThat(lines).as(service).isNotEmpty();
                assertThat(lines)
                        .allSatisfy(l -> assertThat(l.path("traceId").asText()).isEqualTo(traceId));
            }
        });
    }

    @Test
    @Order(2)
    void theSummaryCallsBothServicesConcurrently() {
        long userId = createUser();
        Response response = given().baseUri(GATEWAY).get("/api/users/{id}/summary", userId);
        response.then().statusCode(200);
        String traceId = response.header("X-Trace-Id");

        List<Span> spans = awaitTrace(
                traceId,
                s -> fromAllServices(s)
                        && s.stream()
                                .anyMatch(x -> x.service().equals("gateway-service")
                                        && x.kind().equals("server")));
        Span server = spans.stream()
                .filter(s -> s.service().equals("gateway-service") && s.kind().equals("server"))
                .findFirst()
                .orElseThrow();
        // The gateway's two downstream calls are siblings under its SERVER span.
        List<Span> calls = spans.stream()
                .filter(s -> s.kind().equals("client")
                        && server.id().equals(s.parentId())
                        && s.operation().startsWith("GET /"))
                .toList();
        assertThat(calls).hasSize(2);
        Span a = calls.get(0);
        Span b = calls.get(1);
        assertThat(a.start() < b.start() + b.duration() && b.start() < a.start() + a.duration())
                .as("sibling calls overlap: %s and %s", a, b)
                .isTrue();
    }

    @Test
    @Order(3)
    void prometheusHasRedSeriesForEveryServiceAndExemplarsThatLeadToJaeger() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        for (int i = 0; i < 5; i++) {
            given().baseUri(GATEWAY).get("/api/products").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode series = ObservedStack.prometheus(
                            "/api/v1/query", "sum by (service) (http_server_requests_seconds_count)");
                    Set<String> services = new HashSet<>();
                    series.path("data")
                            .path("result")
                            .forEach(r -> services.add(
                                    r.path("metric").path("service").asText()));
                    assertThat(services).contains("gateway-service", "order-service", "user-service");
                });
        List<String> traceIds = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    traceIds.clear();
                    JsonNode exemplars =
                            ObservedStack.prometheus("/api/v1/query_exemplars", "http_server_requests_seconds_bucket");
                    // Only this run's: Prometheus keeps its data across restarts, Jaeger (in memory) does not.
                    exemplars
                            .path("data")
                            .forEach(s -> s.path("exemplars").forEach(e -> {
                                if (e.path("timestamp").asDouble() >= since) {
                                    traceIds.add(
                                            e.path("labels").path("trace_id").asText());
                                }
                            }));
                    assertThat(traceIds).isNotEmpty();
                });
        long found = 0;
        for (String traceId : traceIds.subList(0, Math.min(10, traceIds.size()))) {
            if (ObservedStack.traceExists(traceId)) {
                found++;
            }
        }
        assertThat(found).as("exemplar trace IDs of this run found in Jaeger").isEqualTo(Math.min(10, traceIds.size()));
    }

    @Test
    @Order(4)
    void aKilledServiceIsAFast503AnErrorSpanAndRecoversWhenRestarted() throws Exception {
        long userId = createUser();
        ProcessHandle.of(stack.pid("order-service")).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !ProcessHandle.of(stack.pid("order-service"))
                        .map(ProcessHandle::isAlive)
                        .orElse(false));

        long start = System.nanoTime();
        Response failed = given().baseUri(GATEWAY).get("/api/users/{id}/orders", userId);
        long millis = (System.nanoTime() - start) / 1_000_000;
        failed.then().statusCode(503).contentType("application/problem+json");
        assertThat(failed.jsonPath().getString("detail")).contains("order-service");
        assertThat(millis).isLessThan(3_000);

        String traceId = failed.header("X-Trace-Id");
        // A refused connection has no CLIENT span: the gateway's SERVER span records the failure.
        List<Span> spans = awaitTrace(
                traceId,
                s -> s.stream()
                        .anyMatch(x -> x.kind().equals("server") && x.service().equals("gateway-service")));
        Span server = spans.stream()
                .filter(x -> x.kind().equals("server") && x.service().equals("gateway-service"))
                .findFirst()
                .orElseThrow();
        assertThat(server.tags().get("error")).isEqualTo("true");
        assertThat(server.tags().get("http.response.status_code")).isEqualTo("503");

        stack.up(); // starts what is not running: order-service
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> given().baseUri(GATEWAY)
                        .get("/api/users/{id}/orders", userId)
                        .then()
                        .statusCode(200));
    }
}
