package dev.obsdemo.orders.api;

import static dev.obsdemo.orders.OrderRequests.SEEDED_PRICES;
import static dev.obsdemo.orders.OrderRequests.assertProblem;
import static dev.obsdemo.orders.OrderRequests.createOrder;
import static dev.obsdemo.orders.OrderRequests.isNumber;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.obsdemo.orders.OrderRequests;
import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class OrderQueriesTest extends OrderServiceTestBase {

    @Test
    void getReturnsTheOrderAsItWasCreated() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        JsonPath created = placeOrder(orderBody(userId, "LAMP-001", 2, "BOOK-001", 1), null)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        long id = created.getLong("id");

        JsonPath fetched = given().get("/orders/{id}", id)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();

        assertEquals(id, fetched.getLong("id"));
        assertEquals(userId, fetched.getLong("userId"));
        assertEquals("CONFIRMED", fetched.getString("status"));
        assertEquals(created.getLong("totalCents"), fetched.getLong("totalCents"));
        assertEquals(created.<Map<String, Object>>getList("items"), fetched.<Map<String, Object>>getList("items"));
        assertEquals(
                OffsetDateTime.parse(created.getString("createdAt")).toInstant(),
                OffsetDateTime.parse(fetched.getString("createdAt")).toInstant());
    }

    @Test
    void getOfAnUnknownOrderIs404Problem() {
        long unknown = 999_999_999_999_999_999L;
        Response response =
                given().header(OrderRequests.REQUEST_ID, "get-unknown-order").get("/orders/{id}", unknown);

        assertProblem(response, 404)
                .header(OrderRequests.REQUEST_ID, "get-unknown-order")
                .body("title", equalTo("Not Found"))
                .body("detail", containsString(Long.toString(unknown)));
    }

    @ParameterizedTest(name = "GET /orders/{0} is a 400 problem")
    @ValueSource(strings = {"not-a-number", "1.5", "99999999999999999999"})
    void getWithAnIdThatIsNotALongIsA400Problem(String id) {
        assertProblem(given().get("/orders/" + id), 400)
                .body("type", endsWith("/invalid-request"))
                .body("detail", containsString("not a valid number"));
    }

    @Test
    void listReturnsTheUsersOrdersNewestFirst() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        long first = createOrder(userId, "BOOK-001", 1);
        long second = createOrder(userId, "MUG-001", 2);
        long third = createOrder(userId, "SHIRT-001", 3);
        long otherUser = randomUserId();
        stubUserExists(wireMock, otherUser);
        createOrder(otherUser, "BOOK-002", 1);

        JsonPath list = given().queryParam("userId", userId)
                .get("/orders")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();

        assertEquals(List.of(third, second, first), ids(list));
        assertEquals(List.of(userId, userId, userId), list.getList("userId", Long.class));
        assertEquals("SHIRT-001", list.getString("[0].items[0].sku"));
        assertEquals(3 * SEEDED_PRICES.get("SHIRT-001"), list.getLong("[0].totalCents"));
        assertEquals(3, list.getInt("[0].items[0].quantity"));
    }

    @Test
    void listIsPagedWithPageAndSize() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        long first = createOrder(userId, "BOOK-001", 1);
        long second = createOrder(userId, "BOOK-001", 2);
        long third = createOrder(userId, "BOOK-001", 3);

        assertEquals(
                List.of(third, second),
                ids(given().queryParam("userId", userId)
                        .queryParam("size", 2)
                        .get("/orders")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()));
        assertEquals(
                List.of(first),
                ids(given().queryParam("userId", userId)
                        .queryParam("size", 2)
                        .queryParam("page", 1)
                        .get("/orders")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()));
    }

    @Test
    void listOfAUserWithoutOrdersIsEmpty() {
        given().queryParam("userId", randomUserId())
                .get("/orders")
                .then()
                .statusCode(200)
                .body("$", empty());
    }

    @ParameterizedTest(name = "GET /orders?{0} is a 400 naming {1}")
    @CsvSource({
        "'', userId",
        "userId=0, userId",
        "userId=-5, userId",
        "userId=7&size=0, size",
        "userId=7&size=201, size",
        "userId=7&page=-1, page",
    })
    void listRejectsInvalidQueryParameters(String query, String field) {
        Response response = given().get(withQuery("/orders", query));

        assertProblem(response, 400).body("errors.field", equalTo(List.of(field)));
    }

    @ParameterizedTest(name = "GET /orders{0} is a 400")
    @CsvSource({"?userId=abc", "?userId=1.5", "?userId=7&size=x", "/stats?userId=abc"})
    void queriesRejectParametersThatAreNotNumbers(String pathAndQuery) {
        assertProblem(given().get("/orders" + pathAndQuery), 400).body("detail", containsString("Invalid parameter"));
    }

    @Test
    void statsCountTheUsersOrdersAndTotalSpent() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        createOrder(userId, "KEYB-001", 1);
        createOrder(userId, "STICKER-001", 3, "MUG-001", 1);

        given().queryParam("userId", userId)
                .get("/orders/stats")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("userId", isNumber(userId))
                .body("orderCount", isNumber(2))
                .body(
                        "totalSpentCents",
                        isNumber(SEEDED_PRICES.get("KEYB-001")
                                + 3 * SEEDED_PRICES.get("STICKER-001")
                                + SEEDED_PRICES.get("MUG-001")));
    }

    @Test
    void statsOfAUserWithoutOrdersAreZero() {
        long userId = randomUserId();
        given().queryParam("userId", userId)
                .get("/orders/stats")
                .then()
                .statusCode(200)
                .body("userId", isNumber(userId))
                .body("orderCount", isNumber(0))
                .body("totalSpentCents", isNumber(0));
    }

    @ParameterizedTest(name = "GET /orders/stats?{0} is a 400 naming userId")
    @CsvSource({"''", "userId=0", "userId=-1"})
    void statsRequireAPositiveUserId(String query) {
        assertProblem(given().get(withQuery("/orders/stats", query)), 400)
                .body("errors.field", equalTo(List.of("userId")));
    }

    @Test
    void productsAreTheSeededCatalogWithPricesSortedBySku() {
        JsonPath catalog = given().get("/products")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("$", hasSize(SEEDED_PRICES.size()))
                .extract()
                .jsonPath();

        assertEquals(new ArrayList<>(SEEDED_PRICES.keySet()), catalog.getList("sku", String.class));
        assertEquals(new ArrayList<>(SEEDED_PRICES.values()), catalog.getList("unitPriceCents", Long.class));
        assertEquals("Distributed Tracing in Practice", catalog.getString("[0].name"));
        assertEquals("Coffee mug \"It works on my machine\"", catalog.getString("[5].name"));
    }

    @Test
    void anUnknownRouteIs404ProblemAndAWrongMethodIs405Problem() {
        assertProblem(given().get("/nothing-here"), 404);
        assertProblem(given().delete("/orders/1"), 405);
    }

    private static String withQuery(String path, String query) {
        return query.isEmpty() ? path : path + "?" + query;
    }

    private static List<Long> ids(JsonPath list) {
        return list.getList("id", Long.class);
    }
}
