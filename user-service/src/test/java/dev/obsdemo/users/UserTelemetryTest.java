package dev.obsdemo.users;

import static dev.obsdemo.testing.InMemorySpans.attribute;
import static dev.obsdemo.testing.InMemorySpans.dbSystem;
import static dev.obsdemo.testing.JsonLogs.awaitLogLines;
import static dev.obsdemo.testing.TelemetryHeaders.PROMETHEUS_ACCEPT;
import static dev.obsdemo.testing.TelemetryHeaders.UUID_PATTERN;
import static dev.obsdemo.testing.TelemetryHeaders.randomHex;
import static dev.obsdemo.users.TestUsers.NO_SUCH_USER;
import static dev.obsdemo.users.TestUsers.createUser;
import static dev.obsdemo.users.TestUsers.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.JsonLogs;
import dev.obsdemo.testing.ProxiedRedisResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Traces, request IDs, logs and metrics of user-service, read from what it really exports and writes. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(ProxiedRedisResource.class)
class UserTelemetryTest {

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    String metrics() {
        return "http://localhost:" + server.getManagementPort() + "/q/metrics";
    }

    String readiness() {
        return "http://localhost:" + server.getManagementPort() + "/q/health/ready";
    }

    private static String traceIdOf(Response response) {
        String traceId = response.header("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(response.header("traceresponse")).startsWith("00-" + traceId + "-");
        return traceId;
    }

    @Test
    void oneRequestIsOneTraceWithJdbcAndRedisSpansUnderTheServerSpan() {
        String email = uniqueEmail();
        long id = createUser("Traced", email);
        Response response = given().header("X-Request-ID", "trace-test-" + id).get("/users/{id}", id);
        response.then().statusCode(200);
        String traceId = traceIdOf(response);

        List<SpanData> trace = spans.trace(traceId, InMemorySpans.serverSpan());
        SpanData server = InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        assertThat(server.getName()).isEqualTo("GET /users/{id}");
        assertThat(attribute(server, "app.request.id")).isEqualTo("trace-test-" + id);
        assertThat(attribute(server, "user.id")).isEqualTo(Long.toString(id));

        await(traceId, dbSystem("redis"));
        await(traceId, dbSystem("postgresql"));
        trace = spans.ofTrace(traceId);
        SpanData lookup = InMemorySpans.find(trace, s -> s.getName().equals("user cache lookup"))
                .orElseThrow();
        assertThat(attribute(lookup, "app.cache.hit")).isEqualTo("false");
        assertThat(attribute(lookup, "user.id")).isEqualTo(Long.toString(id));
        SpanData redisGet = InMemorySpans.find(trace, dbSystem("redis")).orElseThrow();
        assertThat(redisGet.getKind()).isEqualTo(SpanKind.CLIENT);
        SpanData select = InMemorySpans.find(
                        trace,
                        dbSystem("postgresql")
                                .and(s -> String.valueOf(attribute(s, "db.statement"))
                                        .startsWith("select")))
                .orElseThrow();
        assertThat(select.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attribute(select, "db.statement")).contains("=?").doesNotContain(Long.toString(id));

        // Every span hangs under another span of the same trace, up to the one SERVER span.
        Set<String> spanIds = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        trace.stream().filter(s -> s != server).forEach(s -> assertThat(spanIds).contains(s.getParentSpanId()));
        // No personal data in attributes.
        trace.forEach(
                s -> assertThat(s.getAttributes().asMap().values().toString()).doesNotContain(email));
    }

    @Test
    void secondReadIsACacheHitWithoutJdbc() {
        long id = createUser("Hit", uniqueEmail());
        given().get("/users/{id}", id).then().statusCode(200);
        Response again = given().get("/users/{id}", id);
        String traceId = traceIdOf(again);
        List<SpanData> trace = spans.trace(traceId, s -> s.getName().equals("user cache lookup"));
        SpanData lookup = InMemorySpans.find(trace, s -> s.getName().equals("user cache lookup"))
                .orElseThrow();
        assertThat(attribute(lookup, "app.cache.hit")).isEqualTo("true");
    }

    @Test
    void incomingTraceparentIsContinued() {
        String traceId = randomHex(32);
        String parentSpanId = randomHex(16);
        Response response = given().header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                .get("/users?size=1");
        response.then().statusCode(200);
        assertThat(traceIdOf(response)).isEqualTo(traceId);
        SpanData server = InMemorySpans.find(
                        spans.trace(traceId, InMemorySpans.serverSpan()), InMemorySpans.serverSpan())
                .orElseThrow();
        assertThat(server.getParentSpanId()).isEqualTo(parentSpanId);
    }

    @Test
    void malformedTraceparentStartsANewTraceAndNeverFails() {
        for (String garbage : List.of(
                "00-xyz-123-01",
                "ff-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
                "nonsense",
                "00-" + "0".repeat(32) + "-" + randomHex(16) + "-01")) {
            Response response = given().header("traceparent", garbage).get("/users?size=1");
            response.then().statusCode(200);
            String traceId = traceIdOf(response);
            assertThat(garbage).doesNotContain(traceId);
            SpanData server = InMemorySpans.find(
                            spans.trace(traceId, InMemorySpans.serverSpan()), InMemorySpans.serverSpan())
                    .orElseThrow();
            assertThat(server.getParentSpanContext().isValid()).isFalse();
        }
    }

    @Test
    void requestIdIsGeneratedPreservedOrReplacedAndOnTheServerSpan() {
        Response generated = given().get("/users?size=1");
        String generatedId = generated.header("X-Request-ID");
        assertThat(generatedId).matches(UUID_PATTERN);
        assertThat(serverSpanOf(generated).map(s -> attribute(s, "app.request.id")))
                .contains(generatedId);

        Response kept = given().header("X-Request-ID", "order-42.retry:1_a-b").get("/users?size=1");
        assertThat(kept.header("X-Request-ID")).isEqualTo("order-42.retry:1_a-b");
        assertThat(serverSpanOf(kept).map(s -> attribute(s, "app.request.id"))).contains("order-42.retry:1_a-b");

        for (String hostile : List.of("a".repeat(129), "has space", "ünïcödé", "x\ty", "")) {
            Response replaced = given().header("X-Request-ID", hostile).get("/users?size=1");
            assertThat(replaced.header("X-Request-ID")).matches(UUID_PATTERN);
            assertThat(serverSpanOf(replaced).map(s -> attribute(s, "app.request.id")))
                    .contains(replaced.header("X-Request-ID"));
        }
    }

    /**
     * The request ID comes from a valid X-Request-ID only: a caller's baggage is not trusted with it (issue 11).
     * Every hop inside the system sends X-Request-ID (RequestIdClientFilter), so nothing relies on baggage for it.
     */
    @Test
    void requestIdFromBaggageIsNeverTheRequestsId() {
        Response response =
                given().header("baggage", "app.request.id=from-caller-baggage").get("/users?size=1");
        assertThat(response.header("X-Request-ID")).matches(UUID_PATTERN);
        assertThat(serverSpanOf(response).map(s -> attribute(s, "app.request.id")))
                .contains(response.header("X-Request-ID"));
    }

    /**
     * An e-mail address is personal data: stored and returned to the client, but never in a log line or a span
     * attribute, whether the user is created, refused as a duplicate or as invalid, or read back.
     */
    @Test
    void anEmailAddressIsInNoLogLineAndNoSpanAttribute() {
        String local = "pii-" + java.util.UUID.randomUUID().toString().replace("-", "");
        String email = local + "@example.com";
        String body = "{\"name\":\"Grace Hopper\",\"email\":\"" + email + "\"}";
        Response created = given().contentType(ContentType.JSON).body(body).post("/users");
        created.then().statusCode(201);
        Response duplicate = given().contentType(ContentType.JSON)
                .body(body.replace(email, email.toUpperCase(java.util.Locale.ROOT)))
                .post("/users");
        duplicate.then().statusCode(409);
        Response invalid = given().contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"email\":\"" + local + "@\"}")
                .post("/users");
        invalid.then().statusCode(400);
        Response read = given().get("/users/" + created.jsonPath().getLong("id"));
        read.then().statusCode(200);

        for (Response response : List.of(created, duplicate, invalid, read)) {
            spans.trace(traceIdOf(response), InMemorySpans.serverSpan());
            awaitLogLines("user-service", response.header("X-Request-ID"));
        }
        for (SpanData span : spans.all()) {
            assertThat(span.getName()).doesNotContainIgnoringCase(local);
            span.getAttributes()
                    .forEach((key, value) -> assertThat(String.valueOf(value))
                            .as("%s of span %s", key, span.getName())
                            .doesNotContainIgnoringCase(local));
            span.getEvents()
                    .forEach(event -> assertThat(event.getAttributes().toString())
                            .as("event %s of span %s", event.getName(), span.getName())
                            .doesNotContainIgnoringCase(local));
        }
        List<com.fasterxml.jackson.databind.JsonNode> lines = JsonLogs.read("user-service");
        assertThat(lines).isNotEmpty();
        lines.forEach(line -> assertThat(line.toString()).doesNotContainIgnoringCase(local));
    }

    @Test
    void clientErrorIsNotAnErrorOnTheServerSpan() {
        Response response =
                given().contentType(ContentType.JSON).body("{\"name\":\"\"}").post("/users");
        response.then().statusCode(400);
        SpanData server = serverSpanOf(response).orElseThrow();
        assertThat(server.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(attribute(server, "http.response.status_code")).isEqualTo("400");
    }

    @Test
    void probesAndScrapesAreNotTraced() {
        spans.reset();
        given().get(readiness()).then().statusCode(200);
        given().get(metrics()).then().statusCode(200);
        given().get("/users?size=1").then().statusCode(200);
        await(null, InMemorySpans.serverSpan());
        assertThat(spans.all()).filteredOn(s -> s.getName().contains("/q/")).isEmpty();
    }

    @Test
    void everyLogLineOfARequestCarriesItsIdsAsTopLevelFields() {
        String requestId = "log-test-" + UUID.randomUUID();
        String email = uniqueEmail();
        Response response = given().header("X-Request-ID", requestId)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Logged\",\"email\":\"" + email + "\"}")
                .post("/users");
        response.then().statusCode(201);
        String traceId = traceIdOf(response);

        List<JsonNode> lines = awaitLogLines("user-service", requestId);
        for (JsonNode line : lines) {
            assertThat(line.path("traceId").asText()).isEqualTo(traceId);
            assertThat(line.path("spanId").asText()).matches("[0-9a-f]{16}");
            assertThat(line.path("service").asText()).isEqualTo("user-service");
            assertThat(line.path("timestamp").asText()).isNotEmpty();
            assertThat(line.path("loggerName").asText()).isNotEmpty();
            assertThat(line.path("level").asText()).isIn("INFO", "WARN", "ERROR", "DEBUG");
            assertThat(line.toString()).doesNotContain(email);
        }
        assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).matches("User \\d+ created"));
        JsonNode access = lines.stream()
                .filter(l -> l.path("loggerName").asText().equals("access"))
                .findFirst()
                .orElseThrow();
        assertThat(access.path("message").asText()).matches("POST /users 201 \\d+\\.\\d ms");
    }

    @Test
    void accessLogNamesTheRouteTemplateNotTheRawPath() {
        String requestId = "access-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId)
                .get("/users/{id}", NO_SUCH_USER)
                .then()
                .statusCode(404);
        JsonNode access = awaitLogLines("user-service", requestId).stream()
                .filter(l -> l.path("loggerName").asText().equals("access"))
                .findFirst()
                .orElseThrow();
        assertThat(access.path("message").asText()).startsWith("GET /users/{id} 404 ");
    }

    @Test
    void hostileRequestIdIsNeverLogged() {
        String hostile = "evil\u00e9-" + UUID.randomUUID();
        given().header("X-Request-ID", hostile).get("/users?size=1").then().statusCode(200);
        await(null, InMemorySpans.serverSpan());
        assertThat(JsonLogs.read("user-service"))
                .noneSatisfy(l -> assertThat(l.toString()).contains(hostile));
    }

    @Test
    void metricsHaveRedSeriesWithRouteTemplatesHistogramsAndExemplars() {
        long id = createUser("Metered", uniqueEmail());
        given().get("/users/{id}", id).then().statusCode(200);
        given().get("/users/{id}", id).then().statusCode(200);
        given().get("/users/{id}", NO_SUCH_USER).then().statusCode(404);

        // Prometheus' own scrape Accept header: OpenMetrics preferred, text accepted.
        Response scrape = given().header("Accept", PROMETHEUS_ACCEPT).get(metrics());
        scrape.then().statusCode(200);
        assertThat(scrape.contentType()).startsWith("application/openmetrics-text");
        String body = scrape.asString();
        assertThat(body)
                .containsPattern(
                        "http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/users/\\{id}\"}");
        assertThat(body)
                .containsPattern(
                        "http_server_requests_seconds_count\\{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/users/\\{id}\"}");
        assertThat(body)
                .containsPattern(
                        "http_server_requests_seconds_bucket\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/users/\\{id}\",le=\"0.3\"}");
        assertThat(body)
                .containsPattern(
                        "http_server_requests_seconds_bucket\\{[^}]*uri=\"/users/\\{id}\"[^}]*} \\d+(\\.\\d+)? # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}");
        assertThat(body).doesNotContain("uri=\"/users/" + id + "\"");
        // Exemplars only where OpenMetrics allows them (buckets, counters): Prometheus rejects the scrape otherwise.
        assertThat(body.lines().filter(l -> l.contains(" # {")))
                .allMatch(l -> l.matches("^[a-zA-Z_:]+(_bucket|_total)[{ ].*"));
        assertThat(body).containsPattern("users_created_total \\d+");
        assertThat(body).containsPattern("cache_requests_total\\{cache=\"users\",result=\"hit\"} [1-9]");
        assertThat(body).containsPattern("cache_requests_total\\{cache=\"users\",result=\"miss\"} [1-9]");
        // http_server_active_requests is checked on the packaged service (FullStackTest): Quarkus registers that
        // gauge once per HTTP server and Micrometer holds it weakly, so a test application restart may lose it.
        assertThat(body).contains("jvm_memory_used_bytes", "agroal_active_count");

        Response text = given().header("Accept", "text/plain;version=0.0.4").get(metrics());
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.asString()).doesNotContain("trace_id=");
        given().header("Accept", "application/json").get(metrics()).then().statusCode(406);
    }

    private Optional<SpanData> serverSpanOf(Response response) {
        String traceId = traceIdOf(response);
        return InMemorySpans.find(spans.trace(traceId, InMemorySpans.serverSpan()), InMemorySpans.serverSpan());
    }

    private void await(String traceId, Predicate<SpanData> until) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> (traceId == null ? spans.all() : spans.ofTrace(traceId))
                        .stream().anyMatch(until));
    }
}
