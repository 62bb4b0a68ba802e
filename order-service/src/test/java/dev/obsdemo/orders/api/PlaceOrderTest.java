package dev.obsdemo.orders.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.obsdemo.orders.OrderRequests.REPLAYED;
import static dev.obsdemo.orders.OrderRequests.REQUEST_ID;
import static dev.obsdemo.orders.OrderRequests.SEEDED_PRICES;
import static dev.obsdemo.orders.OrderRequests.isNumber;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.orders.OrderRequests;
import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.orders.domain.Order;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class PlaceOrderTest extends OrderServiceTestBase {

    @Test
    void placingAnOrderReturns201WithLocationAndTheOrderPricedFromTheCatalog() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        Instant before = Instant.now();

        Response response = placeOrder(orderBody(userId, "BOOK-001", 2, "MUG-001", 3), null);

        long expectedTotal = 2 * SEEDED_PRICES.get("BOOK-001") + 3 * SEEDED_PRICES.get("MUG-001");
        response.then()
                .statusCode(201)
                .contentType("application/json")
                .header(REPLAYED, nullValue())
                .body("id", Matchers.notNullValue())
                .body("userId", isNumber(userId))
                .body("status", Matchers.equalTo("CONFIRMED"))
                .body("totalCents", isNumber(expectedTotal))
                .body("items", hasSize(2))
                .body("items[0].sku", Matchers.equalTo("BOOK-001"))
                .body("items[0].quantity", Matchers.equalTo(2))
                .body("items[0].unitPriceCents", Matchers.equalTo(3999))
                .body("items[1].sku", Matchers.equalTo("MUG-001"))
                .body("items[1].quantity", Matchers.equalTo(3))
                .body("items[1].unitPriceCents", Matchers.equalTo(1299));
        assertEquals(11895, expectedTotal, "2 x 3999 + 3 x 1299");

        long id = response.jsonPath().getLong("id");
        response.then().header("Location", startsWith("http"));
        response.then().header("Location", endsWith("/orders/" + id));
        Instant createdAt =
                OffsetDateTime.parse(response.jsonPath().getString("createdAt")).toInstant();
        assertTrue(
                !createdAt.isBefore(before.minusSeconds(5))
                        && !createdAt.isAfter(Instant.now().plusSeconds(5)),
                "createdAt " + createdAt + " is the time of creation");

        // The Location points at the order.
        given().get(response.header("Location"))
                .then()
                .statusCode(200)
                .body("id", isNumber(id))
                .body("totalCents", isNumber(expectedTotal));
    }

    @Test
    void theTotalIsTheSumOfQuantityTimesCatalogPriceOverEveryLine() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);

        JsonPath order = placeOrder(
                        orderBody(userId, "KEYB-001", 1000, "STICKER-001", 7, "HEADSET-001", 1, "LAMP-001", 4), null)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();

        long expected = 1000 * SEEDED_PRICES.get("KEYB-001")
                + 7 * SEEDED_PRICES.get("STICKER-001")
                + SEEDED_PRICES.get("HEADSET-001")
                + 4 * SEEDED_PRICES.get("LAMP-001");
        assertEquals(expected, order.getLong("totalCents"));
        List<Map<String, Object>> items = order.getList("items");
        long sum = 0;
        for (Map<String, Object> item : items) {
            long price = ((Number) item.get("unitPriceCents")).longValue();
            assertEquals(SEEDED_PRICES.get((String) item.get("sku")), price, "price of " + item.get("sku"));
            sum += price * ((Number) item.get("quantity")).longValue();
        }
        assertEquals(expected, sum);
    }

    @Test
    void theOrderIsStoredInTheDatabaseForItsUser() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        long id = OrderRequests.createOrder(userId, "SHIRT-001", 2);

        Order stored = Order.findById(id);
        assertEquals(userId, stored.userId);
        assertEquals(2 * SEEDED_PRICES.get("SHIRT-001"), stored.totalCents);
        assertEquals(1, Order.count("userId", userId));
    }

    @Test
    void withoutAnIdempotencyKeyTheSameBodyTwiceCreatesTwoOrders() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "BOOK-002", 1);

        long first = placeOrder(body, null)
                .then()
                .statusCode(201)
                .header(REPLAYED, nullValue())
                .extract()
                .jsonPath()
                .getLong("id");
        long second = placeOrder(body, null)
                .then()
                .statusCode(201)
                .header(REPLAYED, nullValue())
                .extract()
                .jsonPath()
                .getLong("id");

        assertNotEquals(first, second);
        assertEquals(2, Order.count("userId", userId));
    }

    @Test
    void theIncomingRequestIdIsSentToUserServiceAndEchoed() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String requestId = "order-test-" + UUID.randomUUID();

        given().contentType("application/json")
                .header(REQUEST_ID, requestId)
                .body(orderBody(userId, "MUG-001", 1))
                .post("/orders")
                .then()
                .statusCode(201)
                .header(REQUEST_ID, requestId);

        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/" + userId)).withHeader(REQUEST_ID, equalTo(requestId)));
    }

    @Test
    void anInvalidRequestIdIsReplacedByAGeneratedOneThatIsAlsoSentToUserService() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);

        Response response = given().contentType("application/json")
                .header(REQUEST_ID, "not valid; <script>")
                .body(orderBody(userId, "MUG-001", 1))
                .post("/orders");

        response.then()
                .statusCode(201)
                .header(REQUEST_ID, matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        wireMock.verify(
                1,
                getRequestedFor(urlEqualTo("/users/" + userId))
                        .withHeader(REQUEST_ID, equalTo(response.header(REQUEST_ID))));
        wireMock.verify(0, anyRequestedFor(anyUrl()).withHeader(REQUEST_ID, matching(".*script.*")));
    }

    @Test
    void aRequestWithoutRequestIdGetsAGeneratedOne() {
        given().get("/products").then().statusCode(200).header(REQUEST_ID, matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void placingAnOrderAsksUserServiceOnceForAnExistingUser() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);

        OrderRequests.createOrder(userId, "BOOK-001", 1);

        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/" + userId)));
    }
}
