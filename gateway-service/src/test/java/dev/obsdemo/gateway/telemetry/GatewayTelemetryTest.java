package dev.obsdemo.gateway.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.obsdemo.testing.InMemorySpans.attribute;
import static dev.obsdemo.testing.JsonLogs.accessLine;
import static dev.obsdemo.testing.JsonLogs.awaitLogLines;
import static dev.obsdemo.testing.TelemetryHeaders.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.gateway.Problems;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.JsonLogs;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Traces, request IDs, logs and metrics of the gateway, read from what it really exports (in-memory span
 * exporter), writes (JSON log file), sends downstream (WireMock's recorded requests) and scrapes (management port).
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class GatewayTelemetryTest extends GatewayTestBase {

    private static final String SERVICE = "gateway-service";

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    private void stubSummaryOf(long userId, int delayMillis) {
        wireMock.stubFor(get(urlEqualTo("/users/" + userId))
                .willReturn(okJson(Downstreams.user(userId, "Ada", "ada@example.org"))
                        .withFixedDelay(delayMillis)));
        wireMock.stubFor(get(urlPathEqualTo("/orders/stats"))
                .willReturn(okJson(Downstreams.stats(userId, 3, 12345)).withFixedDelay(delayMillis)));
    }

    // --- 1. CLIENT -> SERVER links to both downstreams, proven on the wire ------------------------------------------

    @Test
    void theSummaryCallsBothServicesConcurrentlyWithTheTraceTheirClientSpansAndTheRequestId() {
        stubSummaryOf(7, 300);
        String requestId = "summary-" + UUID.randomUUID();

        Response response = given().header("X-Request-ID", requestId).get("/api/users/7/summary");
        response.then().statusCode(200).header("X-Request-ID", requestId).body("orderCount", equalTo(3));
        String traceId = traceIdOf(response);

        LoggedRequest userCall = single(wireMock.findAll(getRequestedFor(urlEqualTo("/users/7"))));
        LoggedRequest statsCall = single(wireMock.findAll(getRequestedFor(urlPathEqualTo("/orders/stats"))));

        spans.trace(traceId, InMemorySpans.serverSpan());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        spans.ofTrace(traceId).stream().filter(httpClientSpan()).count() >= 2);
        List<SpanData> trace = spans.ofTrace(traceId);
        SpanData serverSpan =
                InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        assertEquals("GET /api/users/{id}/summary", serverSpan.getName());
        assertEquals(requestId, attribute(serverSpan, "app.request.id"));

        SpanData userClient = assertLinkedOnTheWire(userCall, trace, traceId, requestId, "GET /users/{id}");
        SpanData statsClient = assertLinkedOnTheWire(statsCall, trace, traceId, requestId, "GET /orders/stats");

        // Siblings under the SERVER span, running at the same time.
        assertEquals(
                serverSpan.getSpanId(),
                userClient.getParentSpanId(),
                () -> "parent of the user-service CLIENT span: " + describe(trace, userClient.getParentSpanId()));
        assertEquals(
                serverSpan.getSpanId(),
                statsClient.getParentSpanId(),
                () -> "parent of the order-service CLIENT span: " + describe(trace, statsClient.getParentSpanId()));
        assertTrue(
                userClient.getStartEpochNanos() < statsClient.getEndEpochNanos()
                        && statsClient.getStartEpochNanos() < userClient.getEndEpochNanos(),
                "the two CLIENT spans overlap in time");
        assertTrue(
                serverSpan.getEndEpochNanos() - serverSpan.getStartEpochNanos()
                        < Duration.ofMillis(590).toNanos(),
                "both 300 ms calls ran in parallel");

        Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        trace.stream()
                .filter(s -> s != serverSpan)
                .forEach(s -> assertTrue(
                        ids.contains(s.getParentSpanId()), "parent of span '" + s.getName() + "' is in the trace"));
    }

    /** The traceparent the downstream received names this trace and, as parent, the gateway's CLIENT span for it. */
    private static SpanData assertLinkedOnTheWire(
            LoggedRequest call, List<SpanData> trace, String traceId, String requestId, String clientSpanName) {
        String header = call.getHeader("traceparent");
        assertThat("traceparent sent to " + call.getUrl(), header, matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        String[] parts = header.split("-");
        assertEquals(traceId, parts[1], "trace-id sent to " + call.getUrl());
        SpanData client = InMemorySpans.find(trace, s -> s.getSpanId().equals(parts[2]))
                .orElseThrow(() -> new AssertionError(
                        "no span " + parts[2] + " (the parent-id sent to " + call.getUrl() + ") in " + trace));
        assertEquals(SpanKind.CLIENT, client.getKind());
        assertEquals(clientSpanName, client.getName());
        assertEquals(requestId, call.getHeader("X-Request-ID"));
        assertThat(call.getHeader("baggage"), containsString("app.request.id=" + requestId));
        return client;
    }

    // --- 3. Incoming trace context ----------------------------------------------------------------------------------

    @Test
    void aValidIncomingTraceparentIsContinuedDownstream() {
        stubSummaryOf(7, 0);
        String traceId = randomHex(32);
        String parentSpanId = randomHex(16);

        Response response = given().header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                .get("/api/users/7");
        response.then().statusCode(200);

        assertEquals(traceId, traceIdOf(response));
        SpanData serverSpan = serverSpanOf(response);
        assertEquals(parentSpanId, serverSpan.getParentSpanId());
        assertTrue(serverSpan.getParentSpanContext().isRemote());
        String sent = single(wireMock.findAll(getRequestedFor(urlEqualTo("/users/7"))))
                .getHeader("traceparent");
        assertThat(sent, startsWith("00-" + traceId + "-"));
        assertThat(sent, not(containsString(parentSpanId)));
    }

    @Test
    void aMalformedTraceparentStartsANewTraceAndNeverFails() {
        stubSummaryOf(7, 0);
        for (String garbage : List.of(
                "00-xyz-123-01",
                "nonsense",
                "00-" + "0".repeat(32) + "-" + randomHex(16) + "-01",
                "00-" + randomHex(32) + "-" + "0".repeat(16) + "-01")) {
            Response response = given().header("traceparent", garbage).get("/api/users/7");
            response.then().statusCode(200);
            String traceId = traceIdOf(response);
            assertNotEquals("0".repeat(32), traceId);
            assertFalse(garbage.contains(traceId), garbage);
            assertFalse(serverSpanOf(response).getParentSpanContext().isValid(), garbage);
        }
    }

    // --- 4. Errors ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "user-service answering {0}")
    @ValueSource(strings = {"500", "connection reset"})
    void aFailingDownstreamMarksTheClientSpansAndThe503ServerSpanAsErrors(String failure) {
        wireMock.stubFor(get(urlEqualTo("/users/7"))
                .willReturn(
                        failure.equals("500")
                                ? serverError().withBody("boom")
                                : aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String requestId = "fail-" + UUID.randomUUID();

        Response response = given().header("X-Request-ID", requestId).get("/api/users/7");
        Problems.assertProblem(response, 503);
        String traceId = traceIdOf(response);

        spans.trace(traceId, InMemorySpans.serverSpan());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(httpClientSpan()));
        List<SpanData> trace = spans.ofTrace(traceId);
        SpanData serverSpan =
                InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        assertEquals(StatusCode.ERROR, serverSpan.getStatus().getStatusCode(), "status of the SERVER span");
        assertEquals("503", attribute(serverSpan, "http.response.status_code"));

        List<SpanData> clients = trace.stream().filter(httpClientSpan()).toList();
        assertFalse(clients.isEmpty(), "CLIENT spans");
        for (SpanData client : clients) {
            assertEquals(StatusCode.ERROR, client.getStatus().getStatusCode(), "status of " + client.getName());
            boolean exceptionEvent =
                    client.getEvents().stream().anyMatch(e -> e.getName().equals("exception"));
            assertTrue(
                    exceptionEvent || attribute(client, "error.type") != null,
                    "exception event or error.type on " + client.getName() + ": " + client.getAttributes() + " "
                            + client.getEvents());
        }

        List<JsonNode> lines = awaitLogLines(SERVICE, requestId);
        // A 500 answers this request only; a reset connection says user-service is away.
        String why = failure.equals("500")
                ? "user-service failed on this request with 500 Internal Server Error"
                : "user-service is unavailable";
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.path("level").asText().equals("WARN")
                                && l.path("message").asText().contains(why)
                                && l.path("traceId").asText().equals(traceId)),
                () -> "a WARN line saying '" + why + "' in " + lines);
        assertThat(
                accessLine(lines).path("message").asText(), matchesPattern("GET /api/users/\\{id} 503 \\d+\\.\\d ms"));
    }

    @Test
    void aValidationFailureIsNotAnErrorOnTheServerSpan() {
        Response response = given().get("/api/users/0");
        Problems.assertProblem(response, 400);
        SpanData serverSpan = serverSpanOf(response);
        assertNotEquals(StatusCode.ERROR, serverSpan.getStatus().getStatusCode());
        assertEquals("400", attribute(serverSpan, "http.response.status_code"));
        wireMock.verify(0, getRequestedFor(urlEqualTo("/users/0")));
    }

    // --- 5. Request IDs -----------------------------------------------------------------------------------------

    @Test
    void requestIdIsGeneratedWhenAbsentKeptWhenValidAndOnTheServerSpan() {
        stubSummaryOf(7, 0);
        Response generated = given().get("/api/users/7");
        generated.then().statusCode(200);
        assertThat(generated.header("X-Request-ID"), matchesPattern(UUID_PATTERN));
        assertEquals(generated.header("X-Request-ID"), attribute(serverSpanOf(generated), "app.request.id"));

        Response kept = given().header("X-Request-ID", "gw-42.retry:1_a-b").get("/api/users/7");
        assertEquals("gw-42.retry:1_a-b", kept.header("X-Request-ID"));
        assertEquals("gw-42.retry:1_a-b", attribute(serverSpanOf(kept), "app.request.id"));
    }

    @Test
    void aHostileRequestIdIsReplacedEverywhereAndNeverLogged() {
        stubSummaryOf(7, 0);
        String marker = UUID.randomUUID().toString();
        for (String hostile : List.of(
                "has space " + marker,
                "\u00fcn\u00efc\u00f6d\u00e9-" + marker,
                "a".repeat(129) + marker,
                "x\ty" + marker,
                "a/b" + marker)) {
            wireMock.resetRequests();
            Response response = given().header("X-Request-ID", hostile).get("/api/users/7/summary");
            response.then().statusCode(200);
            String replacement = response.header("X-Request-ID");
            assertThat(replacement, matchesPattern(UUID_PATTERN));
            assertEquals(replacement, attribute(serverSpanOf(response), "app.request.id"));
            List<LoggedRequest> calls = wireMock.getAllServeEvents().stream()
                    .map(e -> e.getRequest())
                    .toList();
            assertEquals(2, calls.size(), "calls to user-service and order-service");
            for (LoggedRequest call : calls) {
                assertEquals(replacement, call.getHeader("X-Request-ID"));
                assertThat(call.getHeader("baggage"), containsString("app.request.id=" + replacement));
                assertThat(call.getHeader("baggage"), not(containsString(marker)));
            }
            awaitLogLines(SERVICE, replacement);
        }
        List<JsonNode> all = JsonLogs.read(SERVICE);
        assertFalse(all.isEmpty());
        all.forEach(l -> assertThat(l.toString(), not(containsString(marker))));
    }

    // --- 6. Logs ------------------------------------------------------------------------------------------------

    @Test
    void everyLogLineOfARequestCarriesItsIdsAsTopLevelFields() {
        stubSummaryOf(7, 0);
        String requestId = "log-" + UUID.randomUUID();

        Response response = given().header("X-Request-ID", requestId).get("/api/users/7/summary");
        response.then().statusCode(200);
        String traceId = traceIdOf(response);

        List<JsonNode> lines = awaitLogLines(SERVICE, requestId);
        assertFalse(lines.isEmpty());
        for (JsonNode line : lines) {
            assertEquals(traceId, line.path("traceId").asText(), () -> "traceId of " + line);
            assertThat("spanId of " + line, line.path("spanId").asText(), matchesPattern("[0-9a-f]{16}"));
            assertEquals(requestId, line.path("requestId").asText());
            assertEquals(SERVICE, line.path("service").asText());
            assertFalse(line.path("timestamp").asText().isEmpty(), "timestamp");
            assertFalse(line.path("loggerName").asText().isEmpty(), "loggerName");
            assertThat(line.path("level").asText(), in(List.of("INFO", "WARN", "ERROR", "DEBUG")));
        }
        JsonNode access = accessLine(lines);
        assertEquals("INFO", access.path("level").asText());
        assertThat(access.path("message").asText(), matchesPattern("GET /api/users/\\{id}/summary 200 \\d+\\.\\d ms"));
    }

    // --- 7. Metrics ---------------------------------------------------------------------------------------------

    @Test
    void metricsHaveRedSeriesExemplarsClientSeriesRateLimitAndCircuitBreakers() {
        stubSummaryOf(7, 0);
        given().get("/api/users/7/summary").then().statusCode(200);
        given().get("/api/users/7/summary").then().statusCode(200);
        given().get("/api/users/7").then().statusCode(200);

        Response scrape = given().header("Accept", PROMETHEUS_ACCEPT).get(metrics());
        scrape.then().statusCode(200);
        assertThat(scrape.contentType(), startsWith("application/openmetrics-text"));
        String metrics = scrape.asString();

        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                        + "uri=\"/api/users/\\{id}/summary\"} [1-9]");
        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_bucket\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                        + "uri=\"/api/users/\\{id}/summary\",le=\"0.3\"}");
        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/users/\\{id}/summary\"[^}]*} "
                        + "\\d+(\\.\\d+)? # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}");
        assertThat(
                metrics, not(containsString("method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/users/7")));

        assertContainsPattern(
                metrics,
                "http_client_requests_seconds_count\\{[^}]*clientName=\"user-service\"[^}]*status=\"200\"[^}]*uri=\"/users/\\{id}\"[^}]*} [1-9]");
        assertContainsPattern(
                metrics,
                "http_client_requests_seconds_count\\{[^}]*clientName=\"order-service\"[^}]*status=\"200\"[^}]*uri=\"/orders/stats\"[^}]*} [1-9]");
        assertThat(metrics, not(containsString("uri=\"/users/7\"")));

        assertContainsPattern(metrics, "(?m)^rate_limit_requests_total\\{result=\"allowed\"} [1-9]");
        // One series per method and state; the current state is 1. (The gauge is not reset by
        // CircuitBreakerMaintenance.resetAll() between tests, so which state is 1 is not asserted here.)
        for (String method : List.of("UserClient.get", "OrderClient.stats")) {
            for (String state : List.of("closed", "open", "halfOpen")) {
                assertContainsPattern(
                        metrics,
                        "(?m)^ft_circuitbreaker_state_current\\{method=\"dev\\.obsdemo\\.gateway\\.client\\."
                                + method.replace(".", "\\.") + "\",state=\"" + state + "\"} [01]\\.0");
            }
        }
    }

    /**
     * A method the route does not allow (405) must not put the raw path, with its ID, into the uri tag: every
     * scanner request would create new series.
     */
    @Test
    void a405DoesNotPutTheRawPathIntoTheUriTag() {
        long id = 1_000_000 + (long) (Math.random() * 1_000_000_000L);
        given().delete("/api/users/" + id).then().statusCode(405);
        String metrics =
                given().header("Accept", PROMETHEUS_ACCEPT).get(metrics()).asString();
        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_count\\{method=\"DELETE\",outcome=\"CLIENT_ERROR\",status=\"405\"");
        assertThat(metrics, not(containsString("uri=\"/api/users/" + id + "\"")));
    }

    /** The access log promises the route template, never the raw path; a 405 must not log the ID either. */
    @Test
    void a405IsAccessLoggedWithoutTheRawPath() {
        long id = 1_000_000 + (long) (Math.random() * 1_000_000_000L);
        String requestId = "access-405-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId)
                .delete("/api/users/" + id)
                .then()
                .statusCode(405);
        String message =
                accessLine(awaitLogLines(SERVICE, requestId)).path("message").asText();
        assertThat(message, startsWith("DELETE "));
        assertThat(message, not(containsString(Long.toString(id))));
    }

    /**
     * An e-mail address is personal data: the gateway relays it between its client and user-service, but never
     * writes it into a log line or a span attribute, whatever user-service answers (created, duplicate, invalid).
     */
    @Test
    void anEmailAddressIsInNoLogLineAndNoSpanAttribute() {
        String local = "pii-" + UUID.randomUUID().toString().replace("-", "");
        String email = local + "@example.com";
        String body = "{\"name\":\"Grace Hopper\",\"email\":\"" + email + "\"}";
        wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/users"))
                .inScenario("pii")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.user(31, "Grace Hopper", email)))
                .willSetStateTo("taken"));
        wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/users"))
                .inScenario("pii")
                .whenScenarioStateIs("taken")
                .willReturn(Downstreams.problem(
                        409,
                        "duplicate-email",
                        "Conflict",
                        "A user with this e-mail address already exists",
                        "/users")));
        wireMock.stubFor(get(urlEqualTo("/users/31")).willReturn(okJson(Downstreams.user(31, "Grace Hopper", email))));

        List<Response> responses = List.of(
                given().contentType("application/json").body(body).post("/api/users"),
                given().contentType("application/json").body(body).post("/api/users"),
                given().contentType("application/json")
                        .body("{\"name\":\"Grace\",\"email\":\"" + email + "\",\"x\":1}")
                        .post("/api/users"),
                given().get("/api/users/31"));
        assertEquals(
                List.of(201, 409, 400, 200),
                responses.stream().map(Response::statusCode).toList());

        for (Response response : responses) {
            spans.trace(traceIdOf(response), InMemorySpans.serverSpan());
            awaitLogLines(SERVICE, response.header("X-Request-ID"));
        }
        for (SpanData span : spans.all()) {
            assertThat(span.getName(), not(containsString(local)));
            span.getAttributes()
                    .forEach((key, value) -> assertThat(
                            key + " of " + span.getName(), String.valueOf(value), not(containsString(local))));
            span.getEvents()
                    .forEach(event -> assertThat(
                            event.getName() + " of " + span.getName(),
                            event.getAttributes().toString(),
                            not(containsString(local))));
        }
        List<JsonNode> lines = JsonLogs.read(SERVICE);
        assertFalse(lines.isEmpty());
        lines.forEach(line -> assertThat(line.toString(), not(containsString(local))));
    }

    // --- 8. Readiness without Redis -----------------------------------------------------------------------------

    @Test
    void readinessStaysUpWithRedisCutAndReportsIt() {
        String readiness = "http://localhost:" + server.getManagementPort() + "/q/health/ready";
        // The shared Redis may be restarting (other builds use it): start from a Redis that answers.
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().get(readiness)
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'Redis (optional)' }.data.redis", equalTo("up")));

        redisProxy.cut();
        given().get(readiness)
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Redis (optional)' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Redis (optional)' }.data.redis", containsString("down"));

        redisProxy.restore();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().get(readiness)
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'Redis (optional)' }.data.redis", equalTo("up")));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String describe(List<SpanData> trace, String spanId) {
        return trace.stream()
                .filter(s -> s.getSpanId().equals(spanId))
                .findFirst()
                .map(s -> s.getKind() + " '" + s.getName() + "' " + s.getAttributes())
                .orElse("not in the trace");
    }

    private static void assertContainsPattern(String text, String regex) {
        assertTrue(
                java.util.regex.Pattern.compile(regex).matcher(text).find(),
                () -> "no match for " + regex + " in:\n" + text);
    }

    private String metrics() {
        return "http://localhost:" + server.getManagementPort() + "/q/metrics";
    }

    private static String traceIdOf(Response response) {
        String traceId = response.header("X-Trace-Id");
        assertThat(traceId, matchesPattern("[0-9a-f]{32}"));
        assertThat(response.header("traceresponse"), startsWith("00-" + traceId + "-"));
        return traceId;
    }

    private SpanData serverSpanOf(Response response) {
        String traceId = traceIdOf(response);
        return InMemorySpans.find(spans.trace(traceId, InMemorySpans.serverSpan()), InMemorySpans.serverSpan())
                .orElseThrow();
    }

    /** The HTTP CLIENT spans (calls to the services), not the Redis CLIENT spans of the rate limiter. */
    private static Predicate<SpanData> httpClientSpan() {
        return s -> s.getKind() == SpanKind.CLIENT
                && (attribute(s, "http.request.method") != null || attribute(s, "http.method") != null);
    }

    private static LoggedRequest single(List<LoggedRequest> calls) {
        assertEquals(1, calls.size(), () -> "calls: " + calls);
        return calls.get(0);
    }
}
