package dev.obsdemo.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a service behind the gateway fails, is unreachable or too slow, the client gets a fast 503 problem
 * naming the service and saying what it knows; a service that is unreachable, too slow or answers 503 has its
 * circuit breaker opened; a 500 that answers one request and relayed 4xx never count as failures.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class DownstreamFailureTest extends GatewayTestBase {

    private static final String OPEN_BREAKER_DETAIL =
            "user-service is failing; calls to it are suspended for a few seconds";

    /** A gateway route, the service that fails behind it, and the stubs that make the other service answer. */
    record Route(String method, String path, String failingService, String failingPath) {
        @Override
        public String toString() {
            return method + " " + path + " with " + failingService + " failing";
        }
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of(new Route("POST", "/api/users", "user-service", "/users")),
                Arguments.of(new Route("GET", "/api/users/7", "user-service", "/users/7")),
                Arguments.of(new Route("GET", "/api/users/7/orders", "order-service", "/orders")),
                Arguments.of(new Route("GET", "/api/users/7/summary", "user-service", "/users/7")),
                Arguments.of(new Route("GET", "/api/users/7/summary", "order-service", "/orders/stats")),
                Arguments.of(new Route("POST", "/api/orders", "order-service", "/orders")),
                Arguments.of(new Route("GET", "/api/orders/42", "order-service", "/orders/42")),
                Arguments.of(new Route("GET", "/api/products", "order-service", "/products")));
    }

    /** Every path answers well, except the failing one (stubs of higher priority win). */
    private void stubHealthyServices() {
        wireMock.stubFor(get(urlEqualTo("/users/7"))
                .atPriority(5)
                .willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));
        wireMock.stubFor(get(urlPathEqualTo("/orders")).atPriority(5).willReturn(okJson("[]")));
        wireMock.stubFor(
                get(urlPathEqualTo("/orders/stats")).atPriority(5).willReturn(okJson(Downstreams.stats(7, 0, 0))));
    }

    private static Response call(Route route) {
        String body = route.path().equals("/api/users") ? """
                        {"name":"Ada","email":"ada@example.org"}""" : """
                        {"userId":7,"items":[{"sku":"BOOK-001","quantity":1}]}""";
        return route.method().equals("POST")
                ? given().contentType(ContentType.JSON).body(body).post(route.path())
                : given().get(route.path());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aServerErrorBehindAnyRouteBecomes503NamingTheService(Route route) {
        stubHealthyServices();
        wireMock.stubFor(any(urlPathEqualTo(route.failingPath()))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", Downstreams.PROBLEM_JSON)
                        .withBody("""
                        {"type":"about:blank","title":"Internal Server Error","status":500,"detail":"boom"}""")));

        Response response = call(route);

        JsonPath problem = assertProblem(response, 503);
        assertEquals("https://obsdemo.dev/problems/dependency-unavailable", problem.getString("type"));
        // Not "is unavailable": the service answered, it failed on this one request.
        assertEquals(
                route.failingService() + " failed on this request with 500 Internal Server Error",
                problem.getString("detail"));
        assertEquals("5", response.header("Retry-After"));
    }

    @Test
    void aConnectionResetByUserServiceBecomes503() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        JsonPath problem = assertProblem(given().get("/api/users/7"), 503);
        assertEquals("user-service is unavailable", problem.getString("detail"));
    }

    @Test
    void aConnectionResetByOrderServiceBecomes503() {
        wireMock.stubFor(
                get(urlEqualTo("/products")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        JsonPath problem = assertProblem(given().get("/api/products"), 503);
        assertEquals("order-service is unavailable", problem.getString("detail"));
    }

    @Test
    void aUserServiceThatDoesNotAnswerBecomes503AfterTheTwoSecondTimeout() {
        wireMock.stubFor(get(urlEqualTo("/users/7"))
                .willReturn(
                        okJson(Downstreams.user(7, "Ada", "ada@example.org")).withFixedDelay(5000)));

        long start = System.nanoTime();
        Response response = given().get("/api/users/7");
        long millis = (System.nanoTime() - start) / 1_000_000;

        JsonPath problem = assertProblem(response, 503);
        assertEquals("user-service did not answer in time", problem.getString("detail"));
        assertTrue(millis >= 1900 && millis < 3000, () -> "answered after " + millis + " ms");
        // A timeout is not retried: a slow service is not helped by more load.
        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/7")));
    }

    @Test
    void placingAnOrderMayTakeLongerThanTwoSeconds() {
        // order-service itself may spend over a second on its own call to user-service.
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 1, 1500))
                        .withFixedDelay(2500)));

        given().contentType(ContentType.JSON)
                .body("""
                {"userId":7,"items":[{"sku":"BOOK-001","quantity":1}]}""")
                .post("/api/orders")
                .then()
                .statusCode(201);
    }

    @Test
    void placingAnOrderMayTakeAsLongAsOrderServicesCallToUserServiceWithItsRetry() {
        // order-service's check of the user: two attempts of 2 s and the pause between them.
        int userCheckWorstCase = (int) CallPolicy.ORDER_USER_LOOKUP.worstCaseMs();
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 1, 1500))
                        .withFixedDelay(userCheckWorstCase)));

        given().contentType(ContentType.JSON)
                .body("""
                {"userId":7,"items":[{"sku":"BOOK-001","quantity":1}]}""")
                .post("/api/orders")
                .then()
                .statusCode(201);
    }

    @Test
    void anOrderServiceThatDoesNotPlaceTheOrderInTimeBecomes503() {
        long timeout = CallPolicy.GATEWAY_PLACE_ORDER_TIMEOUT_MS;
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 1, 1500))
                        .withFixedDelay((int) timeout + 3000)));

        long start = System.nanoTime();
        Response response = given().contentType(ContentType.JSON).body("""
                {"userId":7,"items":[{"sku":"BOOK-001","quantity":1}]}""").post("/api/orders");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(
                "order-service did not answer in time",
                assertProblem(response, 503).getString("detail"));
        assertTrue(millis >= timeout - 100 && millis < timeout + 900, () -> "answered after " + millis + " ms");
    }

    @Test
    void aFailedReadIsRetriedOnceWithTheSameRequestId() {
        wireMock.stubFor(get(urlEqualTo("/users/7"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serverError())
                .willSetStateTo("recovered"));
        wireMock.stubFor(get(urlEqualTo("/users/7"))
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));

        given().header("X-Request-ID", "retry-me")
                .get("/api/users/7")
                .then()
                .statusCode(200)
                .header("X-Request-ID", "retry-me");

        List<LoggedRequest> attempts = wireMock.findAll(getRequestedFor(urlEqualTo("/users/7")));
        assertEquals(2, attempts.size(), "attempts");
        attempts.forEach(attempt -> assertEquals("retry-me", attempt.getHeader("X-Request-ID")));
    }

    @Test
    void creatingAUserIsNotRetried() {
        wireMock.stubFor(post(urlEqualTo("/users")).willReturn(serverError()));

        assertProblem(given().contentType(ContentType.JSON).body("""
                {"name":"Ada","email":"ada@example.org"}""").post("/api/users"), 503);

        wireMock.verify(1, postRequestedFor(urlEqualTo("/users")));
    }

    @Test
    void placingAnOrderIsNotRetried() {
        wireMock.stubFor(post(urlEqualTo("/orders")).willReturn(serverError()));

        assertProblem(
                given().contentType(ContentType.JSON)
                        .header("Idempotency-Key", "k1")
                        .body("""
                {"userId":7,"items":[{"sku":"BOOK-001","quantity":1}]}""")
                        .post("/api/orders"),
                503);

        wireMock.verify(1, postRequestedFor(urlEqualTo("/orders")));
    }

    @Test
    void afterRepeated503sTheBreakerOpensAndCallsFailFastWithoutReachingUserService() {
        wireMock.stubFor(get(urlPathMatching("/users/.*")).willReturn(serviceUnavailable()));

        int callsUntilOpen = 0;
        String detail = "";
        while (!detail.equals(OPEN_BREAKER_DETAIL) && callsUntilOpen < 20) {
            callsUntilOpen++;
            detail = assertProblem(given().get("/api/users/7"), 503).getString("detail");
        }
        assertEquals(OPEN_BREAKER_DETAIL, detail, "the breaker opened within 20 calls");
        int reachedWhenOpen =
                wireMock.findAll(getRequestedFor(urlPathMatching("/users/.*"))).size();

        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Response response = given().get("/api/users/" + (8 + i));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(OPEN_BREAKER_DETAIL, assertProblem(response, 503).getString("detail"));
            assertNotNull(response.header("Retry-After"));
            assertTrue(millis < 500, () -> "failed fast, in " + millis + " ms");
        }
        assertEquals(
                reachedWhenOpen,
                wireMock.findAll(getRequestedFor(urlPathMatching("/users/.*"))).size(),
                "requests that reached user-service while the breaker is open");
    }

    @Test
    void afterRepeatedConnectionFailuresTheBreakerOpens() {
        wireMock.stubFor(
                get(urlPathMatching("/users/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        for (int i = 0; i < 20; i++) {
            given().get("/api/users/7").then().statusCode(503);
        }

        assertEquals(
                OPEN_BREAKER_DETAIL,
                assertProblem(given().get("/api/users/7"), 503).getString("detail"));
    }

    @Test
    void serverErrorsThatAnswerSomeClientsRequestsDoNotSuspendCallsForEveryoneElse() {
        // One client's requests make user-service fail (a bug its input triggers); everybody else's succeed.
        wireMock.stubFor(post(urlEqualTo("/users"))
                .withRequestBody(containing("Mallory"))
                .atPriority(1)
                .willReturn(serverError()));
        wireMock.stubFor(post(urlEqualTo("/users"))
                .atPriority(5)
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.user(8, "Ada", "ada@example.org"))));
        String failing = """
                {"name":"Mallory","email":"m@example.org"}""";
        List<Response> failed = new ArrayList<>();
        for (int i = 0; i < 3 * CallPolicy.GATEWAY_BREAKER_WINDOW; i++) {
            failed.add(given().contentType(ContentType.JSON).body(failing).post("/api/users"));
        }

        given().contentType(ContentType.JSON)
                .body("""
                {"name":"Ada","email":"ada@example.org"}""")
                .post("/api/users")
                .then()
                .statusCode(201);

        wireMock.verify(3 * CallPolicy.GATEWAY_BREAKER_WINDOW + 1, postRequestedFor(urlEqualTo("/users")));
        for (Response response : failed) {
            assertEquals(
                    "user-service failed on this request with 500 Internal Server Error",
                    assertProblem(response, 503).getString("detail"));
        }
    }

    @Test
    void aDownstream502ForOneRequestDoesNotSuspendCallsEither() {
        // order-service's answer when user-service failed on this one request.
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(Downstreams.problem(
                        502,
                        "dependency-failed",
                        "Bad Gateway",
                        "user-service failed on this request with 500 Internal Server Error: cannot check user 7",
                        "/orders")));
        String order = "{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}";

        for (int i = 0; i < 2 * CallPolicy.GATEWAY_BREAKER_WINDOW; i++) {
            assertEquals(
                    "order-service failed on this request with 502 Bad Gateway",
                    assertProblem(
                                    given().contentType(ContentType.JSON)
                                            .body(order)
                                            .post("/api/orders"),
                                    503)
                            .getString("detail"));
        }

        wireMock.verify(2 * CallPolicy.GATEWAY_BREAKER_WINDOW, postRequestedFor(urlEqualTo("/orders")));
    }

    @Test
    void anOpenUserServiceBreakerDoesNotStopOrderServiceCalls() {
        wireMock.stubFor(get(urlPathMatching("/users/.*")).willReturn(serviceUnavailable()));
        wireMock.stubFor(get(urlEqualTo("/products")).willReturn(okJson("[]")));
        for (int i = 0; i < 20; i++) {
            given().get("/api/users/7").then().statusCode(503);
        }
        assertEquals(OPEN_BREAKER_DETAIL, given().get("/api/users/7").jsonPath().getString("detail"));

        given().get("/api/products").then().statusCode(200);
    }

    @Test
    void relayedNotFoundAnswersDoNotOpenTheBreaker() {
        wireMock.stubFor(get(urlEqualTo("/users/404"))
                .willReturn(
                        Downstreams.problem(404, "not-found", "Not Found", "User 404 does not exist", "/users/404")));
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));

        for (int i = 0; i < 15; i++) {
            assertProblem(given().get("/api/users/404"), 404);
        }
        given().get("/api/users/7").then().statusCode(200);

        // Not retried either: one request per call.
        wireMock.verify(15, getRequestedFor(urlEqualTo("/users/404")));
    }

    @Test
    void aDownstream4xxWithoutAProblemDocumentIsRelayedWithItsStatus() {
        wireMock.stubFor(get(urlEqualTo("/orders/42"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Not here</body></html>")));

        JsonPath problem = assertProblem(given().get("/api/orders/42"), 404);
        assertEquals("Rejected by a downstream service", problem.getString("detail"));
    }

    @Test
    void aDownstream503ProblemIsNotRelayedButBecomesTheGateways503() {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(Downstreams.problem(
                        503,
                        "dependency-unavailable",
                        "Service Unavailable",
                        "user-service is unavailable: cannot check user 7",
                        "/orders")));

        JsonPath problem =
                assertProblem(given().contentType(ContentType.JSON).body("""
                {"userId":7,"items":[{"sku":"BOOK-001","quantity":1}]}""").post("/api/orders"), 503);
        assertEquals("order-service is unavailable", problem.getString("detail"));
    }

    @Test
    void anEmptyResponseFromOrderServiceBecomes503() {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        JsonPath problem = assertProblem(given().get("/api/orders/42"), 503);
        assertEquals("order-service is unavailable", problem.getString("detail"));
    }
}
