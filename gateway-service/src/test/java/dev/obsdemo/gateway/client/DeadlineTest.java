package dev.obsdemo.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of deadlines: every call tells the callee how long the gateway will wait for it
 * ({@code X-Request-Timeout-Ms}, its per-attempt timeout less the reserve for the answer), a client cannot
 * change that, and when the timeout fires the call is cancelled, not left open until the read timeout, so no
 * CLIENT span outlives the SERVER span it belongs to.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class DeadlineTest extends GatewayTestBase {

    private static final String BUDGET = "X-Request-Timeout-Ms";

    @Inject
    InMemorySpans spans;

    private static String budgetOf(CallPolicy.Hop hop) {
        return Long.toString(hop.timeoutMs() - CallPolicy.ANSWER_RESERVE_MS);
    }

    @Test
    void everyCallTellsTheCalleeHowLongTheGatewayWaitsForIt() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));
        wireMock.stubFor(get(urlPathEqualTo("/orders/stats")).willReturn(okJson(Downstreams.stats(7, 1, 100))));
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 1, 1500))));
        wireMock.stubFor(post(urlEqualTo("/users"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.user(7, "Ada", "ada@example.org"))));

        given().get("/api/users/7/summary").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
                .post("/api/orders")
                .then()
                .statusCode(201);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Ada\",\"email\":\"ada@example.org\"}")
                .post("/api/users")
                .then()
                .statusCode(201);

        assertEquals(
                budgetOf(CallPolicy.GATEWAY_USER_READS),
                single(wireMock.findAll(getRequestedFor(urlEqualTo("/users/7"))))
                        .getHeader(BUDGET));
        assertEquals(
                budgetOf(CallPolicy.GATEWAY_ORDER_READS),
                single(wireMock.findAll(getRequestedFor(urlPathEqualTo("/orders/stats"))))
                        .getHeader(BUDGET));
        assertEquals(
                budgetOf(CallPolicy.GATEWAY_PLACE_ORDER),
                single(wireMock.findAll(postRequestedFor(urlEqualTo("/orders"))))
                        .getHeader(BUDGET));
        assertEquals(
                budgetOf(CallPolicy.GATEWAY_USER_CREATE),
                single(wireMock.findAll(postRequestedFor(urlEqualTo("/users")))).getHeader(BUDGET));
    }

    @Test
    void aClientCannotSetTheBudgetOfTheCallsBehindTheGateway() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));

        given().header(BUDGET, "1").get("/api/users/7").then().statusCode(200);
        given().header(BUDGET, "600000").get("/api/users/7").then().statusCode(200);

        wireMock.findAll(getRequestedFor(urlEqualTo("/users/7")))
                .forEach(call -> assertEquals(budgetOf(CallPolicy.GATEWAY_USER_READS), call.getHeader(BUDGET)));
    }

    @Test
    void whenTheTimeoutFiresTheCallIsCancelledAndEndsBeforeTheRequestThatMadeIt() {
        long timeout = CallPolicy.GATEWAY_USER_READ_TIMEOUT_MS;
        // Slower than both the timeout and the REST client's read timeout (the backstop).
        wireMock.stubFor(get(urlEqualTo("/users/7"))
                .willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))
                        .withFixedDelay((int) CallPolicy.GATEWAY_USER_SERVICE_READ_TIMEOUT_MS + 2_000)));

        Response response = given().get("/api/users/7");

        assertEquals(
                "user-service did not answer in time",
                assertProblem(response, 503).getString("detail"));
        String traceId = response.header("X-Trace-Id");
        // Wait past the read timeout: a call left open would end only then.
        Awaitility.await()
                .pollDelay(Duration.ofMillis(CallPolicy.GATEWAY_USER_SERVICE_READ_TIMEOUT_MS - timeout + 500))
                .atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(DeadlineTest::isCallToUserService));
        List<SpanData> trace = spans.ofTrace(traceId);
        SpanData client =
                InMemorySpans.find(trace, DeadlineTest::isCallToUserService).orElseThrow();
        long clientMillis = Duration.ofNanos(client.getEndEpochNanos() - client.getStartEpochNanos())
                .toMillis();
        assertTrue(
                clientMillis < timeout + 300,
                () -> "the call ended " + clientMillis + " ms after it started: cancelled at the " + timeout
                        + " ms timeout, not left open until the read timeout");
        assertNoSpanEndsAfterItsParent(trace);
    }

    /** The REST client's span of the call, not the rate limiter's Redis command (a CLIENT span too). */
    private static boolean isCallToUserService(SpanData span) {
        return span.getKind() == SpanKind.CLIENT && span.getName().equals("GET /users/{id}");
    }

    static void assertNoSpanEndsAfterItsParent(List<SpanData> trace) {
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        for (SpanData span : trace) {
            SpanData parent = byId.get(span.getParentSpanId());
            if (parent != null) {
                assertTrue(
                        span.getEndEpochNanos() <= parent.getEndEpochNanos(),
                        () -> "'" + span.getName() + "' ends "
                                + Duration.ofNanos(span.getEndEpochNanos() - parent.getEndEpochNanos())
                                        .toMillis()
                                + " ms after its parent '" + parent.getName() + "'");
            }
        }
    }

    private static LoggedRequest single(List<LoggedRequest> requests) {
        assertEquals(1, requests.size(), "requests: " + requests);
        return requests.get(0);
    }
}
