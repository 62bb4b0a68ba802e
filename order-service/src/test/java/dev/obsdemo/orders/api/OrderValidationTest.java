package dev.obsdemo.orders.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.obsdemo.orders.OrderRequests.IDEMPOTENCY_KEY;
import static dev.obsdemo.orders.OrderRequests.assertProblem;
import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static dev.obsdemo.orders.OrderRequests.stubUserMissing;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.orders.domain.Order;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class OrderValidationTest extends OrderServiceTestBase {

    private static final String ITEM = "{\"sku\":\"BOOK-001\",\"quantity\":1}";

    static Stream<Arguments> invalidBodies() {
        String fiftyOneItems = IntStream.rangeClosed(1, 51)
                .mapToObj(i -> "{\"sku\":\"SKU-" + i + "\",\"quantity\":1}")
                .collect(Collectors.joining(",", "[", "]"));
        return Stream.of(
                // wrong JSON types: no coercion between strings and numbers
                Arguments.of(
                        "quantity is a word",
                        "{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":\"x\"}]}",
                        "items[0].quantity"),
                Arguments.of(
                        "quantity is a numeric string",
                        "{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":\"2\"}]}",
                        "items[0].quantity"),
                Arguments.of(
                        "quantity is a fraction",
                        "{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":2.5}]}",
                        "items[0].quantity"),
                Arguments.of("userId is a string", "{\"userId\":\"7\",\"items\":[" + ITEM + "]}", "userId"),
                Arguments.of(
                        "sku is a number", "{\"userId\":7,\"items\":[{\"sku\":5,\"quantity\":1}]}", "items[0].sku"),
                Arguments.of("items is not an array", "{\"userId\":7,\"items\":\"BOOK-001\"}", "items"),
                // unknown fields
                Arguments.of(
                        "unknown top-level field", "{\"userId\":7,\"note\":\"x\",\"items\":[" + ITEM + "]}", "note"),
                Arguments.of(
                        "client-sent unitPriceCents",
                        "{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1,\"unitPriceCents\":1}]}",
                        "items[0].unitPriceCents"),
                Arguments.of(
                        "client-sent totalCents",
                        "{\"userId\":7,\"totalCents\":1,\"items\":[" + ITEM + "]}",
                        "totalCents"),
                // items
                Arguments.of("empty items", "{\"userId\":7,\"items\":[]}", "items"),
                Arguments.of("missing items", "{\"userId\":7}", "items"),
                Arguments.of("null items", "{\"userId\":7,\"items\":null}", "items"),
                Arguments.of("more than 50 items", "{\"userId\":7,\"items\":" + fiftyOneItems + "}", "items"),
                Arguments.of("the same sku twice", "{\"userId\":7,\"items\":[" + ITEM + "," + ITEM + "]}", "items"),
                // quantity range
                Arguments.of("zero quantity", orderBody(7, "BOOK-001", 0), "items[0].quantity"),
                Arguments.of("negative quantity", orderBody(7, "BOOK-001", -1), "items[0].quantity"),
                Arguments.of("quantity over 1000", orderBody(7, "BOOK-001", 1001), "items[0].quantity"),
                Arguments.of("absurd quantity", orderBody(7, "BOOK-001", "99999999999999999999"), "items[0].quantity"),
                Arguments.of(
                        "missing quantity", "{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\"}]}", "items[0].quantity"),
                // userId
                Arguments.of("missing userId", "{\"items\":[" + ITEM + "]}", "userId"),
                Arguments.of("null userId", "{\"userId\":null,\"items\":[" + ITEM + "]}", "userId"),
                Arguments.of("zero userId", "{\"userId\":0,\"items\":[" + ITEM + "]}", "userId"),
                Arguments.of("negative userId", "{\"userId\":-3,\"items\":[" + ITEM + "]}", "userId"),
                Arguments.of("absurd userId", "{\"userId\":99999999999999999999,\"items\":[" + ITEM + "]}", "userId"),
                // sku
                Arguments.of("lower-case sku", orderBody(7, "book-001", 1), "items[0].sku"),
                Arguments.of("sku with a space", orderBody(7, "BOOK 001", 1), "items[0].sku"),
                Arguments.of("sku longer than 32", orderBody(7, "B" + "0".repeat(32), 1), "items[0].sku"),
                Arguments.of("blank sku", orderBody(7, "", 1), "items[0].sku"),
                Arguments.of("missing sku", "{\"userId\":7,\"items\":[{\"quantity\":1}]}", "items[0].sku"),
                Arguments.of(
                        "second item invalid",
                        "{\"userId\":7,\"items\":[" + ITEM + ",{\"sku\":\"MUG-001\",\"quantity\":0}]}",
                        "items[1].quantity"));
    }

    @ParameterizedTest(name = "{0} is a 400 naming {2}")
    @MethodSource("invalidBodies")
    void anInvalidBodyIsA400ProblemNamingTheField(String description, String body, String field) {
        assertRejectedNaming(body, field);
    }

    @Test
    void aFieldSentTwiceIsA400ProblemNamingIt() {
        assertRejectedNaming("{\"userId\":7,\"userId\":8,\"items\":[" + ITEM + "]}", "userId");
    }

    @Test
    void aFieldSentTwiceInAnItemIsA400ProblemNamingItsPath() {
        assertRejectedNaming(
                "{\"userId\":7,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1,\"quantity\":2}]}", "items[0].quantity");
    }

    @Test
    void aNullItemIsA400ProblemNamingTheItem() {
        assertRejectedNaming("{\"userId\":7,\"items\":[" + ITEM + ",null]}", "items[1]");
    }

    private void assertRejectedNaming(String body, String field) {
        String key = newKey();

        Response response = placeOrder(body, key);

        assertProblem(response, 400)
                .body("type", endsWith("/invalid-request"))
                .body("errors.field", hasItem(field))
                .body("errors.field", everyItem(equalTo(field)));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
        assertEquals(0, Order.count("idempotencyKey", key), "no order is stored");
    }

    @ParameterizedTest(name = "malformed JSON {0} is a 400 problem")
    @ValueSource(strings = {"{userId:7}", "not json", "{\"userId\":7,}", "{\"userId\":7 \"items\":[]}"})
    void malformedJsonIsA400Problem(String body) {
        assertProblem(placeOrder(body, null), 400)
                .body("type", endsWith("/invalid-request"))
                .body("detail", containsString("Malformed JSON"))
                .body("errors", nullValue());
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void truncatedJsonIsA400ProblemSayingWhereItEnded() {
        assertProblem(placeOrder("{\"userId\":7,\"items\":[", null), 400)
                .body("type", endsWith("/invalid-request"))
                .body("detail", containsString("end-of-input"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aJsonArrayInsteadOfAnObjectIsA400Problem() {
        assertProblem(placeOrder("[" + ITEM + "]", null), 400);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aMissingBodyIsA400Problem() {
        assertProblem(given().contentType("application/json").post("/orders"), 400);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() {
        Response response = given().contentType("text/plain")
                .body(orderBody(7, "BOOK-001", 1))
                .post("/orders");

        assertProblem(response, 415).body("detail", containsString("application/json"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aFormBodyIsA415Problem() {
        Response response = given().contentType("application/x-www-form-urlencoded")
                .formParam("userId", "7")
                .post("/orders");

        assertProblem(response, 415);
    }

    @ParameterizedTest(name = "Idempotency-Key \"{0}\" is a 400 naming the header")
    @ValueSource(strings = {"has space", "a/b", "semi;colon", "ünïcode"})
    void anInvalidIdempotencyKeyIsA400ProblemNamingTheHeader(String key) {
        invalidIdempotencyKeyIsRejected(key);
    }

    /** An empty key must not silently turn idempotency off: it is "1-128 characters" or a 400. */
    @Test
    void anEmptyIdempotencyKeyIsA400ProblemNotAnOrderWithoutKey() {
        invalidIdempotencyKeyIsRejected("");
    }

    @Test
    void anIdempotencyKeyLongerThan128CharactersIsA400Problem() {
        invalidIdempotencyKeyIsRejected("k".repeat(129));
    }

    @Test
    void anIdempotencyKeyOf128CharactersIsAccepted() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = "k" + newKey().replace("-", "") + "x".repeat(95);
        assertEquals(128, key.length());

        placeOrder(orderBody(userId, "BOOK-001", 1), key).then().statusCode(201);

        assertEquals(1, Order.count("idempotencyKey", key));
    }

    private void invalidIdempotencyKeyIsRejected(String key) {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);

        Response response = given().contentType("application/json")
                .header(IDEMPOTENCY_KEY, key)
                .body(orderBody(userId, "BOOK-001", 1))
                .post("/orders");

        assertProblem(response, 400)
                .body("detail", containsString(IDEMPOTENCY_KEY))
                .body("errors.field", equalTo(java.util.List.of(IDEMPOTENCY_KEY)));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
        assertEquals(0, Order.count("userId", userId), "no order is stored");
    }

    @Test
    void aBodyOver64KiBIsA413Problem() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        // Valid JSON padded with white space: only its size is wrong.
        String body = orderBody(userId, "BOOK-001", 1) + " ".repeat(64 * 1024);
        assertTrue(body.length() > 65536);

        Response response = placeOrder(body, null);

        assertProblem(response, 413).body("type", endsWith("/payload-too-large"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
        assertEquals(0, Order.count("userId", userId), "no order is stored");
    }

    @Test
    void aChunkedBodyOver64KiBIs413AndNeverReachesTheService() throws Exception {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        byte[] body = (orderBody(userId, "BOOK-001", 1) + " ".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
        // A body of unknown length goes chunked: no Content-Length announces its size.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        // Vert.x cuts a chunked body at the limit while reading it; with no length announced up front there
        // is no problem document, only the status and a closed connection (see RequestLimits).
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("close", response.headers().firstValue("Connection").orElse(null));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
        assertEquals(0, Order.count("userId", userId), "no order is stored");
    }

    @Test
    void aBodyJustUnder64KiBIsAccepted() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String json = orderBody(userId, "BOOK-001", 1);
        String body = json + " ".repeat(65536 - json.length());
        assertEquals(65536, body.length());

        placeOrder(body, null).then().statusCode(201);
    }

    @Test
    void anUnknownUserIsA422ProblemAndIsAskedOnlyOnce() {
        long userId = randomUserId();
        stubUserMissing(wireMock, userId);
        String key = newKey();

        Response response = placeOrder(orderBody(userId, "BOOK-001", 1), key);

        assertProblem(response, 422)
                .body("type", endsWith("/unknown-user"))
                .body("detail", containsString(Long.toString(userId)));
        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/" + userId))); // a 404 is an answer: no retry
        assertEquals(0, Order.count("idempotencyKey", key));
    }

    @Test
    void anUnknownSkuIsA422ProblemNamingTheSku() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();

        Response response = placeOrder(orderBody(userId, "BOOK-001", 1, "NOPE-404", 2), key);

        assertProblem(response, 422)
                .body("type", endsWith("/unknown-sku"))
                .body("detail", containsString("NOPE-404"))
                .body("detail", not(containsString("BOOK-001")));
        assertEquals(0, Order.count("idempotencyKey", key), "no order is stored");
    }
}
