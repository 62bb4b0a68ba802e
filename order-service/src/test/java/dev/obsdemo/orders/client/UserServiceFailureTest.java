package dev.obsdemo.orders.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.obsdemo.orders.OrderRequests.assertProblem;
import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static dev.obsdemo.orders.OrderRequests.stubUserMissing;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.orders.domain.Order;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class UserServiceFailureTest extends OrderServiceTestBase {

    private void stubUserServiceAnswers500() {
        wireMock.stubFor(get(urlPathMatching("/users/.*"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":500,\"title\":\"Internal Server Error\"}")));
    }

    private void stubUserServiceAnswers503() {
        wireMock.stubFor(get(urlPathMatching("/users/.*"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/problem+json")
                        .withHeader("Retry-After", "5")
                        .withBody("{\"status\":503,\"title\":\"Service Unavailable\"}")));
    }

    private static void assertServiceUnavailable(Response response) {
        assertProblem(response, 503).header("Retry-After", "5").body("type", endsWith("/dependency-unavailable"));
    }

    @Test
    void userServiceAnswering503IsA503ProblemAfterOneRetry() {
        stubUserServiceAnswers503();
        long userId = randomUserId();
        String key = newKey();

        assertServiceUnavailable(placeOrder(orderBody(userId, "BOOK-001", 1), key));

        wireMock.verify(2, getRequestedFor(urlEqualTo("/users/" + userId)));
        assertEquals(0, Order.count("idempotencyKey", key), "no order is stored");
    }

    /**
     * A 500 answers one request: user-service is up, it failed on this one. order-service says so with a 502
     * (RFC 9110, section 15.6.3: a server acting as a gateway got no usable answer), not with the 503 that tells
     * its own callers' circuit breakers that order-service is unavailable.
     */
    @Test
    void userServiceAnswering500IsA502ProblemAfterOneRetry() {
        stubUserServiceAnswers500();
        long userId = randomUserId();
        String key = newKey();

        assertProblem(placeOrder(orderBody(userId, "BOOK-001", 1), key), 502)
                .body("type", endsWith("/dependency-failed"))
                .body(
                        "detail",
                        equalTo("user-service failed on this request with 500 Internal Server Error: cannot check user "
                                + userId));

        wireMock.verify(2, getRequestedFor(urlEqualTo("/users/" + userId)));
        assertEquals(0, Order.count("idempotencyKey", key), "no order is stored");
    }

    @Test
    void serverErrorsForSomeUsersDoNotOpenTheCircuitForEveryoneElse() {
        long failing = randomUserId();
        wireMock.stubFor(get(urlEqualTo("/users/" + failing)).willReturn(serverError()));
        List<Response> failed = new ArrayList<>();
        for (int i = 0; i < 3 * CallPolicy.ORDER_USER_LOOKUP_BREAKER_WINDOW; i++) {
            failed.add(placeOrder(orderBody(failing, "BOOK-001", 1), null));
        }

        long healthy = randomUserId();
        stubUserExists(wireMock, healthy);
        placeOrder(orderBody(healthy, "BOOK-001", 1), null).then().statusCode(201);
        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/" + healthy)));
        failed.forEach(response -> assertProblem(response, 502));
    }

    @Test
    void aSlowUserServiceIsCutOffByTheTimeoutWithA503() {
        long userId = randomUserId();
        wireMock.stubFor(get(urlEqualTo("/users/" + userId))
                .willReturn(okJson("{\"id\":" + userId + "}").withFixedDelay(3000)));
        String key = newKey();

        long started = System.nanoTime();
        Response response = placeOrder(orderBody(userId, "BOOK-001", 1), key);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertServiceUnavailable(response);
        assertTrue(millis < 2500, "answered in " + millis + " ms, the timeout is 1 s and user-service takes 3 s");
        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/" + userId))); // no retry after a timeout
        assertEquals(0, Order.count("idempotencyKey", key), "no order is stored");
    }

    @Test
    void aConnectionResetByUserServiceIsA503Problem() {
        long userId = randomUserId();
        wireMock.stubFor(
                get(urlEqualTo("/users/" + userId)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String key = newKey();

        assertServiceUnavailable(placeOrder(orderBody(userId, "BOOK-001", 1), key));

        wireMock.verify(2, getRequestedFor(urlEqualTo("/users/" + userId)));
        assertEquals(0, Order.count("idempotencyKey", key), "no order is stored");
    }

    @Test
    void garbageFromUserServiceIsA503Problem() {
        long userId = randomUserId();
        wireMock.stubFor(
                get(urlEqualTo("/users/" + userId)).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        assertServiceUnavailable(placeOrder(orderBody(userId, "BOOK-001", 1), null));
    }

    @Test
    void afterRepeatedFailuresTheCircuitOpensAndCallsFailFastWithoutReachingUserService() {
        stubUserServiceAnswers503();
        long userId = randomUserId();
        String body = orderBody(userId, "BOOK-001", 1);
        // Each failing order makes two calls (one retry); the breaker opens after 6 calls with half failed.
        for (int i = 0; i < 3; i++) {
            assertServiceUnavailable(placeOrder(body, null));
        }
        wireMock.verify(6, anyRequestedFor(anyUrl()));

        // user-service has recovered, but the open circuit does not even ask it.
        wireMock.resetAll();
        stubUserExists(wireMock, userId);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            Response response = placeOrder(body, null);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertServiceUnavailable(response);
            assertTrue(millis < 900, "failed fast in " + millis + " ms");
        }
        wireMock.verify(0, anyRequestedFor(anyUrl()));
        assertEquals(0, Order.count("userId", userId));
    }

    @Test
    void theCircuitClosesAgainOnceUserServiceRecovers() {
        stubUserServiceAnswers503();
        long userId = randomUserId();
        String body = orderBody(userId, "BOOK-001", 1);
        for (int i = 0; i < 3; i++) {
            assertServiceUnavailable(placeOrder(body, null));
        }
        wireMock.resetAll();
        stubUserExists(wireMock, userId);

        // The breaker waits 5 s before it lets a trial call through.
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> placeOrder(body, null).statusCode() == 201);
        placeOrder(body, null).then().statusCode(201);
        placeOrder(body, null).then().statusCode(201);
    }

    @Test
    void unknownUsersDoNotOpenTheCircuit() {
        long unknown = randomUserId();
        stubUserMissing(wireMock, unknown);
        for (int i = 0; i < 8; i++) {
            assertProblem(placeOrder(orderBody(unknown, "BOOK-001", 1), null), 422);
        }
        wireMock.verify(8, getRequestedFor(urlEqualTo("/users/" + unknown)));

        long known = randomUserId();
        stubUserExists(wireMock, known);
        placeOrder(orderBody(known, "BOOK-001", 1), null).then().statusCode(201);
    }

    @Test
    void aFailedOrderDoesNotUseUpItsIdempotencyKey() {
        stubUserServiceAnswers503();
        long userId = randomUserId();
        String body = orderBody(userId, "MUG-001", 2);
        String key = newKey();
        assertServiceUnavailable(placeOrder(body, key));

        wireMock.resetAll();
        stubUserExists(wireMock, userId);

        placeOrder(body, key).then().statusCode(201);
        assertEquals(1, Order.count("idempotencyKey", key));
    }
}
