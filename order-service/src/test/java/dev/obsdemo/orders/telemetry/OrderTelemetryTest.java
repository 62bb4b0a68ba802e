package dev.obsdemo.orders.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.obsdemo.orders.OrderRequests.jsonRequest;
import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static dev.obsdemo.testing.InMemorySpans.attribute;
import static dev.obsdemo.testing.InMemorySpans.dbSystem;
import static dev.obsdemo.testing.JsonLogs.accessLine;
import static dev.obsdemo.testing.JsonLogs.awaitLogLines;
import static dev.obsdemo.testing.TelemetryHeaders.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
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
import dev.obsdemo.orders.OrderRequests;
import dev.obsdemo.orders.OrderServiceTestBase;
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
import java.util.Optional;
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
 * Traces, request IDs, logs and metrics of order-service, read from what it really exports (in-memory span
 * exporter), writes (JSON log file), sends downstream (WireMock's recorded requests) and scrapes (management port).
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class OrderTelemetryTest extends OrderServiceTestBase {

    private static final String SERVICE = "order-service";

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    // --- 1. CLIENT -> SERVER link, proven on the wire --------------------------------------------------------------

    @Test
    void theCallToUserServiceCarriesTheTraceTheClientSpanAndTheRequestId() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String requestId = "wire-" + UUID.randomUUID();

        Response response = jsonRequest(orderBody(userId, "BOOK-001", 1))
                .header("X-Request-ID", requestId)
                .post("/orders");
        response.then().statusCode(201).header("X-Request-ID", requestId);
        String traceId = traceIdOf(response);

        List<LoggedRequest> calls = wireMock.findAll(getRequestedFor(urlPathEqualTo("/users/" + userId)));
        assertEquals(1, calls.size(), "calls to user-service");
        LoggedRequest call = calls.get(0);
        String[] traceparent = traceparent(call);
        assertEquals(traceId, traceparent[1], "trace-id sent to user-service");
        assertEquals(requestId, call.getHeader("X-Request-ID"));
        assertThat(call.getHeader("baggage"), containsString("app.request.id=" + requestId));

        List<SpanData> trace =
                spans.trace(traceId, InMemorySpans.serverSpan().and(s -> attribute(s, "app.order.id") != null));
        awaitSpan(traceId, httpClientSpan());
        trace = spans.ofTrace(traceId);
        SpanData serverSpan =
                InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        SpanData client = InMemorySpans.find(trace, httpClientSpan()).orElseThrow();
        assertEquals("GET /users/{id}", client.getName());
        assertEquals(SpanKind.CLIENT, client.getKind());
        assertEquals(client.getSpanId(), traceparent[2], "parent-id sent to user-service = the CLIENT span");
        assertEquals("01", traceparent[3]);
        assertThat(spanIds(trace), hasItem(client.getParentSpanId()));
        assertEquals("POST /orders", serverSpan.getName());
    }

    // --- 2. One trace: SERVER span, JDBC, Redis, price calculation -------------------------------------------------

    @Test
    void placingAnOrderIsOneTraceWithJdbcRedisAndPriceSpansUnderTheServerSpan() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String requestId = "trace-" + UUID.randomUUID();

        Response response = OrderRequests.jsonRequest(orderBody(userId, "SHIRT-001", 2, "MUG-001", 1))
                .header("X-Request-ID", requestId)
                .header(OrderRequests.IDEMPOTENCY_KEY, newKey())
                .post("/orders");
        response.then().statusCode(201);
        long orderId = response.jsonPath().getLong("id");
        String traceId = traceIdOf(response);

        spans.trace(traceId, InMemorySpans.serverSpan());
        awaitSpan(traceId, dbSystem("redis"));
        awaitSpan(traceId, dbSystem("postgresql"));
        awaitSpan(traceId, s -> s.getName().equals("calculate order price"));
        awaitSpan(traceId, httpClientSpan());
        List<SpanData> trace = spans.ofTrace(traceId);

        List<SpanData> servers =
                trace.stream().filter(InMemorySpans.serverSpan()).toList();
        assertThat(servers, hasSize(1));
        SpanData serverSpan = servers.get(0);
        assertEquals("POST /orders", serverSpan.getName());
        assertEquals(Long.toString(userId), attribute(serverSpan, "user.id"));
        assertEquals(Long.toString(orderId), attribute(serverSpan, "app.order.id"));
        assertEquals(requestId, attribute(serverSpan, "app.request.id"));
        assertNotEquals(StatusCode.ERROR, serverSpan.getStatus().getStatusCode());

        SpanData price = InMemorySpans.find(trace, s -> s.getName().equals("calculate order price"))
                .orElseThrow();
        assertEquals("2", attribute(price, "app.order.items"));
        assertEquals(
                Long.toString(
                        2 * OrderRequests.SEEDED_PRICES.get("SHIRT-001") + OrderRequests.SEEDED_PRICES.get("MUG-001")),
                attribute(price, "app.order.total_cents"));

        List<SpanData> jdbc = trace.stream().filter(dbSystem("postgresql")).toList();
        assertFalse(jdbc.isEmpty(), "JDBC spans");
        // Statement spans are CLIENT spans (DataSource.getConnection is an INTERNAL one).
        jdbc.stream()
                .filter(s -> attribute(s, "db.statement") != null)
                .forEach(s -> assertEquals(SpanKind.CLIENT, s.getKind(), s.getName()));
        List<String> statements = jdbc.stream()
                .map(s -> attribute(s, "db.statement"))
                .filter(s -> s != null)
                .toList();
        assertFalse(statements.isEmpty(), "db.statement of the JDBC spans");
        assertTrue(
                statements.stream().anyMatch(st -> st.toLowerCase().startsWith("insert") && st.contains("?")),
                statements::toString);
        assertTrue(
                statements.stream().anyMatch(st -> st.toLowerCase().startsWith("select") && st.contains("?")),
                statements::toString);
        for (String statement : statements) {
            for (String literal : List.of(Long.toString(userId), "SHIRT-001", "MUG-001", requestId)) {
                assertThat(statement, not(containsString(literal)));
            }
        }
        // The catalog query runs under the price calculation span.
        assertTrue(
                jdbc.stream().anyMatch(s -> s.getParentSpanId().equals(price.getSpanId())),
                "a JDBC span under the price span");

        List<SpanData> redis = trace.stream().filter(dbSystem("redis")).toList();
        assertFalse(redis.isEmpty(), "Redis spans");
        redis.forEach(s -> assertEquals(SpanKind.CLIENT, s.getKind(), s.getName()));

        // Every span hangs under another span of the same trace, up to the one SERVER span.
        Set<String> ids = spanIds(trace);
        trace.stream()
                .filter(s -> s != serverSpan)
                .forEach(s -> assertTrue(
                        ids.contains(s.getParentSpanId()), "parent of span '" + s.getName() + "' is in the trace"));
        assertFalse(serverSpan.getParentSpanContext().isValid());
    }

    @Test
    void aReplayIsMarkedOnTheServerSpan() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "BOOK-002", 1);
        String key = newKey();
        long id = OrderRequests.placeOrder(body, key)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        Response replay = OrderRequests.placeOrder(body, key);
        replay.then().statusCode(200).header(OrderRequests.REPLAYED, "true");

        SpanData serverSpan = serverSpanOf(replay, s -> attribute(s, "app.idempotency.replayed") != null);
        assertEquals("true", attribute(serverSpan, "app.idempotency.replayed"));
        assertEquals(Long.toString(id), attribute(serverSpan, "app.order.id"));
        assertEquals(Long.toString(userId), attribute(serverSpan, "user.id"));
    }

    // --- 3. Incoming trace context ----------------------------------------------------------------------------------

    @Test
    void aValidIncomingTraceparentIsContinued() {
        String traceId = randomHex(32);
        String parentSpanId = randomHex(16);
        Response response = given().header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                .queryParam("userId", randomUserId())
                .get("/orders");
        response.then().statusCode(200);
        assertEquals(traceId, traceIdOf(response));
        SpanData serverSpan = serverSpanOf(response, s -> true);
        assertEquals(parentSpanId, serverSpan.getParentSpanId());
        assertTrue(serverSpan.getParentSpanContext().isRemote());
    }

    @Test
    void aMalformedTraceparentStartsANewTraceAndNeverFails() {
        for (String garbage : List.of(
                "00-xyz-123-01",
                "nonsense",
                "00-" + "0".repeat(32) + "-" + randomHex(16) + "-01",
                "00-" + randomHex(32) + "-" + "0".repeat(16) + "-01")) {
            Response response = given().header("traceparent", garbage)
                    .queryParam("userId", randomUserId())
                    .get("/orders");
            response.then().statusCode(200);
            String traceId = traceIdOf(response);
            assertNotEquals("0".repeat(32), traceId);
            assertFalse(garbage.contains(traceId), garbage);
            assertFalse(serverSpanOf(response, s -> true).getParentSpanContext().isValid(), garbage);
        }
    }

    // --- 4. Errors ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "user-service answering {0}")
    @ValueSource(strings = {"500", "connection reset"})
    void aFailingUserServiceMarksTheClientSpansAndThe5xxServerSpanAsErrors(String failure) {
        // A 500 answers this request only (502); a reset connection says user-service is away (503).
        int status = failure.equals("500") ? 502 : 503;
        String why = failure.equals("500")
                ? "user-service failed on this request with 500 Internal Server Error"
                : "user-service is unavailable";
        long userId = randomUserId();
        wireMock.stubFor(get(urlPathEqualTo("/users/" + userId))
                .willReturn(
                        failure.equals("500")
                                ? serverError().withBody("boom")
                                : aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String requestId = "fail-" + UUID.randomUUID();

        Response response = jsonRequest(orderBody(userId, "BOOK-001", 1))
                .header("X-Request-ID", requestId)
                .post("/orders");
        OrderRequests.assertProblem(response, status);
        String traceId = traceIdOf(response);

        spans.trace(traceId, InMemorySpans.serverSpan());
        awaitSpan(traceId, httpClientSpan());
        List<SpanData> trace = spans.ofTrace(traceId);
        SpanData serverSpan =
                InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        assertEquals(StatusCode.ERROR, serverSpan.getStatus().getStatusCode(), "status of the SERVER span");
        assertEquals(Integer.toString(status), attribute(serverSpan, "http.response.status_code"));

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
            if (failure.equals("500")) {
                assertEquals("500", attribute(client, "http.response.status_code"));
            }
        }

        // And the log says so, at WARN (never WARNING), with the request's IDs.
        List<JsonNode> lines = awaitLogLines(SERVICE, requestId);
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.path("level").asText().equals("WARN")
                                && l.path("message").asText().contains(why)
                                && l.path("traceId").asText().equals(traceId)),
                () -> "a WARN line saying '" + why + "' in " + lines);
        assertThat(
                accessLine(lines).path("message").asText(),
                matchesPattern("POST /orders " + status + " \\d+\\.\\d ms"));
    }

    @Test
    void aValidationFailureIsNotAnErrorOnTheServerSpan() {
        Response response = jsonRequest("{\"userId\":0,\"items\":[]}").post("/orders");
        OrderRequests.assertProblem(response, 400);
        SpanData serverSpan = serverSpanOf(response, s -> true);
        assertNotEquals(StatusCode.ERROR, serverSpan.getStatus().getStatusCode());
        assertEquals("400", attribute(serverSpan, "http.response.status_code"));
    }

    // --- 5. Request IDs -----------------------------------------------------------------------------------------

    @Test
    void requestIdIsGeneratedWhenAbsentAndKeptWhenValid() {
        Response generated = given().queryParam("userId", randomUserId()).get("/orders");
        generated.then().statusCode(200);
        String generatedId = generated.header("X-Request-ID");
        assertThat(generatedId, matchesPattern(UUID_PATTERN));
        assertEquals(generatedId, attribute(serverSpanOf(generated, s -> true), "app.request.id"));

        Response kept = given().header("X-Request-ID", "order-42.retry:1_a-b")
                .queryParam("userId", randomUserId())
                .get("/orders");
        assertEquals("order-42.retry:1_a-b", kept.header("X-Request-ID"));
        assertEquals("order-42.retry:1_a-b", attribute(serverSpanOf(kept, s -> true), "app.request.id"));
    }

    @Test
    void aHostileRequestIdIsReplacedEverywhereAndNeverLogged() {
        String marker = UUID.randomUUID().toString();
        for (String hostile : List.of(
                "has space " + marker,
                "\u00fcn\u00efc\u00f6d\u00e9-" + marker,
                "a".repeat(129) + marker,
                "x\ty" + marker)) {
            long userId = randomUserId();
            stubUserExists(wireMock, userId);
            Response response = jsonRequest(orderBody(userId, "STICKER-001", 1))
                    .header("X-Request-ID", hostile)
                    .post("/orders");
            response.then().statusCode(201);
            String replacement = response.header("X-Request-ID");
            assertThat(replacement, matchesPattern(UUID_PATTERN));
            assertEquals(
                    replacement,
                    attribute(serverSpanOf(response, s -> attribute(s, "app.order.id") != null), "app.request.id"));
            LoggedRequest call = wireMock.findAll(getRequestedFor(urlPathEqualTo("/users/" + userId)))
                    .get(0);
            assertEquals(replacement, call.getHeader("X-Request-ID"));
            assertThat(call.getHeader("baggage"), containsString("app.request.id=" + replacement));
            assertThat(call.getHeader("baggage"), not(containsString(marker)));
            awaitLogLines(SERVICE, replacement);
        }
        List<JsonNode> all = JsonLogs.read(SERVICE);
        assertFalse(all.isEmpty());
        all.forEach(l -> assertThat(l.toString(), not(containsString(marker))));
    }

    // --- 6. Logs ------------------------------------------------------------------------------------------------

    @Test
    void everyLogLineOfAnOrderCarriesItsIdsAsTopLevelFields() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String requestId = "log-" + UUID.randomUUID();

        Response response = jsonRequest(orderBody(userId, "LAMP-001", 2))
                .header("X-Request-ID", requestId)
                .post("/orders");
        response.then().statusCode(201);
        long orderId = response.jsonPath().getLong("id");
        String traceId = traceIdOf(response);
        SpanData serverSpan = serverSpanOf(response, s -> attribute(s, "app.order.id") != null);

        List<JsonNode> lines = awaitLogLines(SERVICE, requestId);
        assertTrue(lines.size() >= 2, () -> "at least the 'created' and the access line: " + lines);
        for (JsonNode line : lines) {
            assertEquals(traceId, line.path("traceId").asText(), () -> "traceId of " + line);
            assertThat("spanId of " + line, line.path("spanId").asText(), matchesPattern("[0-9a-f]{16}"));
            assertEquals(requestId, line.path("requestId").asText());
            assertEquals(SERVICE, line.path("service").asText());
            assertFalse(line.path("timestamp").asText().isEmpty(), "timestamp");
            assertFalse(line.path("loggerName").asText().isEmpty(), "loggerName");
            assertThat(line.path("level").asText(), in(List.of("INFO", "WARN", "ERROR", "DEBUG")));
        }
        JsonNode created = lines.stream()
                .filter(l -> l.path("message").asText().startsWith("Order " + orderId + " created"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 'Order " + orderId + " created' line in " + lines));
        assertEquals("INFO", created.path("level").asText());
        assertEquals(
                "Order " + orderId + " created for user " + userId + ": 1 items, "
                        + 2 * OrderRequests.SEEDED_PRICES.get("LAMP-001") + " cents",
                created.path("message").asText());
        assertEquals(serverSpan.getSpanId(), created.path("spanId").asText(), "logged in the SERVER span");

        JsonNode access = accessLine(lines);
        assertEquals("INFO", access.path("level").asText());
        assertThat(access.path("message").asText(), matchesPattern("POST /orders 201 \\d+\\.\\d ms"));
    }

    @Test
    void accessLogNamesTheRouteTemplateNotTheRawPath() {
        String requestId = "access-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId)
                .get("/orders/{id}", 999_999_999_999_999_999L)
                .then()
                .statusCode(404);
        assertThat(
                accessLine(awaitLogLines(SERVICE, requestId)).path("message").asText(),
                startsWith("GET /orders/{id} 404 "));
    }

    // --- 7. Metrics ---------------------------------------------------------------------------------------------

    @Test
    void metricsHaveRedSeriesExemplarsClientSeriesAndBusinessMetrics() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "HEADSET-001", 1);
        String key = newKey();
        OrderRequests.placeOrder(body, key).then().statusCode(201);
        OrderRequests.placeOrder(body, key).then().statusCode(200).header(OrderRequests.REPLAYED, "true");
        OrderRequests.createOrder(userId, "BOOK-001", 1);
        given().get("/orders/{id}", 999_999_999_999_999_999L).then().statusCode(404);

        Response scrape = given().header("Accept", PROMETHEUS_ACCEPT).get(metrics());
        scrape.then().statusCode(200);
        assertThat(scrape.contentType(), startsWith("application/openmetrics-text"));
        String metrics = scrape.asString();

        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_count\\{method=\"POST\",outcome=\"SUCCESS\",status=\"201\",uri=\"/orders\"} [1-9]");
        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_count\\{method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/orders\"} [1-9]");
        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_count\\{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/orders/\\{id}\"}");
        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_bucket\\{method=\"POST\",outcome=\"SUCCESS\",status=\"201\",uri=\"/orders\",le=\"0.3\"}");
        assertContainsPattern(
                metrics,
                "http_server_requests_seconds_bucket\\{[^}]*uri=\"/orders\"[^}]*} \\d+(\\.\\d+)? "
                        + "# \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}");
        assertThat(metrics, not(containsString("uri=\"/orders/999999999999999999\"")));

        assertContainsPattern(
                metrics,
                "http_client_requests_seconds_count\\{[^}]*clientName=\"user-service\"[^}]*status=\"200\"[^}]*uri=\"/users/\\{id}\"[^}]*} [1-9]");
        assertThat(metrics, not(containsString("uri=\"/users/" + userId + "\"")));

        assertContainsPattern(metrics, "(?m)^orders_created_total [1-9]");
        assertContainsPattern(metrics, "(?m)^orders_idempotent_replays_total [1-9]");
        assertContainsPattern(metrics, "(?m)^order_value_cents_bucket\\{le=\"25000\\.0\"} [1-9]");
        assertContainsPattern(metrics, "(?m)^order_value_cents_count [1-9]");
        assertContainsPattern(metrics, "(?m)^order_value_cents_sum [1-9]");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

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

    /** The HTTP CLIENT spans (calls to user-service), not the JDBC or Redis CLIENT spans. */
    private static Predicate<SpanData> httpClientSpan() {
        return s -> s.getKind() == SpanKind.CLIENT
                && (attribute(s, "http.request.method") != null || attribute(s, "http.method") != null);
    }

    private SpanData serverSpanOf(Response response, Predicate<SpanData> until) {
        String traceId = traceIdOf(response);
        Predicate<SpanData> which = InMemorySpans.serverSpan().and(until);
        Optional<SpanData> found = InMemorySpans.find(spans.trace(traceId, which), which);
        return found.orElseThrow();
    }

    private void awaitSpan(String traceId, Predicate<SpanData> until) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(until));
    }

    private static Set<String> spanIds(List<SpanData> trace) {
        return trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    }

    /** {@code [version, trace-id, parent-id, flags]} of the traceparent header WireMock received. */
    private static String[] traceparent(LoggedRequest call) {
        String header = call.getHeader("traceparent");
        assertThat(
                "traceparent sent to user-service", header, matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"));
        return header.split("-");
    }
}
