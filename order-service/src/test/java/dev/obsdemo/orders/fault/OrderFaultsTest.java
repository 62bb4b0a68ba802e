package dev.obsdemo.orders.fault;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.obsdemo.orders.OrderRequests.createOrder;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
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
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runtime faults that live in order-service: {@code n-plus-one} on the user statistics (the summary route's
 * half in order-service), {@code redis-unavailable} on the Idempotency-Key store, and {@code untraced-downstream} on its call to user-service (WireMock records what is
 * sent: its trace context). Each test shows the request without the fault first, where the fault's assertion would fail.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class OrderFaultsTest extends OrderServiceTestBase {

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    private String admin(String fault) {
        return "http://localhost:" + server.getManagementPort() + "/q/faults/" + fault;
    }

    @AfterEach
    void allOff() {
        given().delete(admin("n-plus-one")).then().statusCode(204);
        given().delete(admin("untraced-downstream")).then().statusCode(204);
        given().delete(admin("redis-unavailable")).then().statusCode(204);
        given().delete(admin("slow-sql")).then().statusCode(204);
        given().delete(admin("redis-latency")).then().statusCode(204);
    }

    /** The SELECT statements (JDBC spans) of the trace of one response, once its SERVER span is exported. */
    private List<String> statementsOf(Response response) {
        String traceId = response.header("X-Trace-Id");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(InMemorySpans.serverSpan()));
        return spans.ofTrace(traceId).stream()
                .filter(InMemorySpans.dbSystem("postgresql"))
                .map(s -> String.valueOf(InMemorySpans.attribute(s, "db.statement")))
                .filter(statement -> statement.startsWith("select"))
                .toList();
    }

    @Test
    void nPlusOneReadsEveryOrderAloneAndAnswersTheSame() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        for (int i = 0; i < 3; i++) {
            createOrder(userId, "BOOK-001", 1 + i);
        }
        Response once = given().queryParam("userId", userId).get("/orders/stats");
        once.then().statusCode(200).body("orderCount", org.hamcrest.Matchers.is(3));
        long total = once.jsonPath().getLong("totalSpentCents");
        assertThat(statementsOf(once)).hasSize(1);

        given().put(admin("n-plus-one")).then().statusCode(200);
        Response many = given().queryParam("userId", userId).get("/orders/stats");
        many.then().statusCode(200).body("orderCount", org.hamcrest.Matchers.is(3));
        assertThat(many.jsonPath().getLong("totalSpentCents")).isEqualTo(total);
        // One query for the IDs, then one per order.
        assertThat(statementsOf(many)).hasSize(4);
        SpanData server = InMemorySpans.find(spans.ofTrace(many.header("X-Trace-Id")), InMemorySpans.serverSpan())
                .orElseThrow();
        assertThat(InMemorySpans.attribute(server, "app.fault")).isEqualTo("n-plus-one");
    }

    @Test
    void untracedDownstreamSendsNoTraceContextToUserService() {
        long first = randomUserId();
        stubUserExists(wireMock, first);
        String firstTrace = placeOrder(orderBody(first, "BOOK-001", 1), null).header("X-Trace-Id");
        List<LoggedRequest> traced = wireMock.findAll(getRequestedFor(urlPathEqualTo("/users/" + first)));
        assertThat(traced).isNotEmpty();
        assertThat(traced.get(0).getHeader("traceparent")).contains(firstTrace);

        given().put(admin("untraced-downstream")).then().statusCode(200);
        long second = randomUserId();
        stubUserExists(wireMock, second);
        Response order = placeOrder(orderBody(second, "BOOK-001", 1), null);
        order.then().statusCode(201);
        String secondTrace = order.header("X-Trace-Id");
        List<LoggedRequest> untraced = wireMock.findAll(getRequestedFor(urlPathEqualTo("/users/" + second)));
        assertThat(untraced).isNotEmpty();
        // user-service would start a trace of its own: the order's trace breaks at this hop.
        String sent =
                untraced.get(0).containsHeader("traceparent") ? untraced.get(0).getHeader("traceparent") : "";
        assertThat(sent).doesNotContain(secondTrace);
        assertThat(untraced.get(0).getHeader("X-Request-ID")).isEqualTo(order.header("X-Request-ID"));
    }

    private List<SpanData> traceOf(Response response) {
        String traceId = response.header("X-Trace-Id");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(InMemorySpans.serverSpan()));
        return spans.ofTrace(traceId);
    }

    @Test
    void redisUnavailableStillCreatesTheOrderAndShowsTheRefusedCall() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        Response before =
                placeOrder(orderBody(userId, "BOOK-001", 1), UUID.randomUUID().toString());
        before.then().statusCode(201);
        List<SpanData> normal = traceOf(before);
        assertThat(InMemorySpans.find(normal, InMemorySpans.dbSystem("redis"))).isPresent();
        assertThat(InMemorySpans.find(normal, s -> s.getName().equals(REFUSED))).isEmpty();

        given().put(admin("redis-unavailable")).then().statusCode(200);
        Response during =
                placeOrder(orderBody(userId, "BOOK-001", 1), UUID.randomUUID().toString());
        during.then().statusCode(201);
        SpanData refused = InMemorySpans.find(traceOf(during), s -> s.getName().equals(REFUSED))
                .orElseThrow();
        assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    private static final String REFUSED = "redis unavailable (injected fault)";
    private static final String SET_LATENCY = "redis SET latency (injected fault)";

    @Test
    void redisLatencyDelaysTheIdempotencyStoreWithinItsCapAndBeyondItTheOrderIsStillCreated() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        for (int i = 0; i < 4; i++) {
            // Successes fill the circuit breakers' windows (4 calls), so the one timeout below cannot open them.
            placeOrder(orderBody(userId, "BOOK-001", 1), UUID.randomUUID().toString())
                    .then()
                    .statusCode(201);
        }
        Response before =
                placeOrder(orderBody(userId, "BOOK-001", 1), UUID.randomUUID().toString());
        before.then().statusCode(201);
        assertThat(InMemorySpans.find(traceOf(before), s -> s.getName().equals(SET_LATENCY)))
                .isEmpty();

        given().put(admin("redis-latency") + "?ms=150").then().statusCode(200);
        Response slow =
                placeOrder(orderBody(userId, "BOOK-001", 1), UUID.randomUUID().toString());
        slow.then().statusCode(201);
        List<SpanData> trace = traceOf(slow);
        List<SpanData> waits =
                trace.stream().filter(s -> s.getName().equals(SET_LATENCY)).toList();
        // Two SETs: the claim (SET NX GET) and the order it created.
        assertThat(waits).hasSize(2);
        for (SpanData wait : waits) {
            assertThat(wait.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
            assertThat(InMemorySpans.attribute(wait, "db.system")).isEqualTo("redis");
            assertThat(InMemorySpans.attribute(wait, "db.operation")).isEqualTo("SET");
            assertThat(InMemorySpans.attribute(wait, "app.fault")).isEqualTo("redis-latency");
            assertThat(wait.getEndEpochNanos() - wait.getStartEpochNanos()).isGreaterThanOrEqualTo(150_000_000L);
            assertThat(wait.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        }

        // 800 ms is beyond the store's 500 ms cap: the wait is cut there and the order goes on without the key.
        given().put(admin("redis-latency") + "?ms=800").then().statusCode(200);
        Response capped =
                placeOrder(orderBody(userId, "BOOK-001", 1), UUID.randomUUID().toString());
        capped.then().statusCode(201);
        SpanData cut = InMemorySpans.find(traceOf(capped), s -> s.getName().equals(SET_LATENCY))
                .orElseThrow();
        assertThat(cut.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(cut.getEndEpochNanos() - cut.getStartEpochNanos()).isBetween(490_000_000L, 790_000_000L);
        given().delete(admin("redis-latency")).then().statusCode(204);
    }

    @Test
    void slowSqlIsTimeInsideAJdbcSpan() {
        long userId = randomUserId();
        Response quick = given().queryParam("userId", userId).get("/orders/stats");
        quick.then().statusCode(200);
        assertThat(InMemorySpans.find(
                        traceOf(quick),
                        s -> String.valueOf(InMemorySpans.attribute(s, "db.statement"))
                                .contains("pg_sleep")))
                .isEmpty();

        given().put(admin("slow-sql") + "?ms=300").then().statusCode(200);
        Response slow = given().queryParam("userId", userId).get("/orders/stats");
        slow.then().statusCode(200);
        SpanData sleep = InMemorySpans.find(
                        traceOf(slow),
                        s -> String.valueOf(InMemorySpans.attribute(s, "db.statement"))
                                .contains("pg_sleep"))
                .orElseThrow();
        assertThat(sleep.getEndEpochNanos() - sleep.getStartEpochNanos()).isGreaterThanOrEqualTo(300_000_000L);
    }
}
