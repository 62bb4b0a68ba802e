package dev.obsdemo.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** /api/orders and /api/products, answered by order-service. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class OrderRoutesTest extends GatewayTestBase {

    private static final String NEW_ORDER = """
            {"userId":7,"items":[{"sku":"BOOK-001","quantity":2}]}""";

    // --- POST /api/orders ---------------------------------------------------------------------------------------

    @Test
    void placingAnOrderAnswers201WithTheGatewaysOwnLocationAndTheOrder() {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Location", wireMock.baseUrl() + "/orders/42")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 2, 1500))));

        given().contentType(ContentType.JSON)
                .body(NEW_ORDER)
                .when()
                .post("/api/orders")
                .then()
                .statusCode(201)
                .header("Location", "http://localhost:" + RestAssured.port + "/api/orders/42")
                .header("Idempotent-Replayed", nullValue())
                .contentType(ContentType.JSON)
                .body("id", equalTo(42))
                .body("userId", equalTo(7))
                .body("status", equalTo("PLACED"))
                .body("totalCents", equalTo(3000))
                .body("items[0].sku", equalTo("BOOK-001"))
                .body("items[0].quantity", equalTo(2))
                .body("items[0].unitPriceCents", equalTo(1500))
                .body("createdAt", equalTo(Downstreams.CREATED_AT));

        wireMock.verify(1, postRequestedFor(urlEqualTo("/orders")).withRequestBody(equalToJson(NEW_ORDER)));
    }

    @Test
    void theIdempotencyKeyIsForwardedToOrderService() {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 2, 1500))));

        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "order-2024-05-01_a:1")
                .body(NEW_ORDER)
                .post("/api/orders")
                .then()
                .statusCode(201);

        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/orders"))
                        .withHeader("Idempotency-Key", WireMock.equalTo("order-2024-05-01_a:1")));
    }

    /**
     * The IETF draft (draft-ietf-httpapi-idempotency-key-header) defines the header as a Structured Field
     * string: {@code Idempotency-Key: "8e03978e-40d5"}. Its value is the key; the bare form is the same key.
     */
    @ParameterizedTest(name = "Idempotency-Key: {0}")
    @ValueSource(strings = {"\"8e03978e-40d5-43e8\"", "8e03978e-40d5-43e8"})
    void aQuotedIdempotencyKeyIsTheSameKeyAsItsValue(String header) {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 2, 1500))));

        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", header)
                .body(NEW_ORDER)
                .post("/api/orders")
                .then()
                .statusCode(201);

        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/orders"))
                        .withHeader("Idempotency-Key", WireMock.equalTo("8e03978e-40d5-43e8")));
    }

    /** An empty or malformed key must never switch idempotency off silently: a 400 that names the header. */
    @ParameterizedTest(name = "Idempotency-Key: [{0}]")
    @ValueSource(
            strings = {
                "",
                "   ",
                "\"\"",
                "\"unterminated",
                "has space",
                "\"has space\"",
                "a/b",
                "two, keys",
                "\"k\";param",
                "\u00fcn\u00efcode"
            })
    void anEmptyOrMalformedIdempotencyKeyIsA400WithoutCallingOrderService(String header) {
        JsonPath problem = assertProblem(
                given().contentType(ContentType.JSON)
                        .header("Idempotency-Key", header)
                        .body(NEW_ORDER)
                        .post("/api/orders"),
                400);

        assertEquals("Idempotency-Key", problem.getString("errors[0].field"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anIdempotencyKeyOf129CharactersIsA400() {
        assertProblem(
                given().contentType(ContentType.JSON)
                        .header("Idempotency-Key", "k".repeat(129))
                        .body(NEW_ORDER)
                        .post("/api/orders"),
                400);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void withoutAnIdempotencyKeyNoneIsSentToOrderService() {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 2, 1500))));

        given().contentType(ContentType.JSON)
                .body(NEW_ORDER)
                .post("/api/orders")
                .then()
                .statusCode(201);

        wireMock.verify(1, postRequestedFor(urlEqualTo("/orders")).withoutHeader("Idempotency-Key"));
    }

    @Test
    void aReplayedOrderAnswers200WithIdempotentReplayed() {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .withHeader("Idempotency-Key", WireMock.equalTo("key-1"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Idempotent-Replayed", "true")
                        .withBody(Downstreams.order(42, 7, "BOOK-001", 2, 1500))));

        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "key-1")
                .body(NEW_ORDER)
                .when()
                .post("/api/orders")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .header("Location", nullValue())
                .body("id", equalTo(42))
                .body("totalCents", equalTo(3000));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-user           | User 7 does not exist
            unknown-sku            | Unknown sku: NOPE-1
            idempotency-key-reused | Idempotency-Key key-1 was used with another body
            """)
    void aRejectionOfTheOrderIsRelayedAs422(String typeSlug, String detail) {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(Downstreams.problem(422, typeSlug, "Unprocessable Content", detail, "/orders")));

        JsonPath problem = assertProblem(
                given().contentType(ContentType.JSON).body(NEW_ORDER).post("/api/orders"), 422);
        assertEquals("https://obsdemo.dev/problems/" + typeSlug, problem.getString("type"));
        assertEquals(detail, problem.getString("detail"));
        assertEquals("/api/orders", problem.getString("instance"));
    }

    @Test
    void anIdempotencyKeyStillInProgressIsRelayedAs409() {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(Downstreams.problem(
                        409,
                        "idempotency-key-in-use",
                        "Conflict",
                        "A request with this Idempotency-Key is still being processed",
                        "/orders")));

        JsonPath problem = assertProblem(
                given().contentType(ContentType.JSON)
                        .header("Idempotency-Key", "key-1")
                        .body(NEW_ORDER)
                        .post("/api/orders"),
                409);
        assertEquals("https://obsdemo.dev/problems/idempotency-key-in-use", problem.getString("type"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a quantity as a string | {"userId":7,"items":[{"sku":"BOOK-001","quantity":"2"}]}       | items[0].quantity
            a fractional quantity  | {"userId":7,"items":[{"sku":"BOOK-001","quantity":2.5}]}        | items[0].quantity
            a user ID as a string  | {"userId":"7","items":[{"sku":"BOOK-001","quantity":2}]}        | userId
            an unknown item field  | {"userId":7,"items":[{"sku":"BOOK-001","quantity":2,"price":1}]} | items[0].price
            """)
    void theGatewayRejectsAnUnreadableOrderWith400WithoutCallingOrderService(String what, String body, String field) {
        JsonPath problem =
                assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/orders"), 400);
        assertEquals(field, problem.getString("errors[0].field"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anOrderWithoutABodyGetsOrderServicesValidationAnswer() {
        wireMock.stubFor(post(urlEqualTo("/orders"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", Downstreams.PROBLEM_JSON)
                        .withBody("""
                        {"type":"https://obsdemo.dev/problems/invalid-request","title":"Bad Request","status":400,
                         "detail":"2 fields are invalid: items, userId","instance":"/orders","requestId":"downstream-id",
                         "errors":[{"field":"items","message":"an order needs at least one item"},
                                   {"field":"userId","message":"must not be null"}]}""")));

        JsonPath problem = assertProblem(given().contentType(ContentType.JSON).post("/api/orders"), 400);
        assertEquals(java.util.List.of("items", "userId"), problem.getList("errors.field"));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/orders")).withRequestBody(equalToJson("""
                {"userId":null,"items":null}""")));
    }

    // --- GET /api/orders/{id} -----------------------------------------------------------------------------------

    @Test
    void gettingAnOrderAnswersWhatOrderServiceKnows() {
        wireMock.stubFor(get(urlEqualTo("/orders/42")).willReturn(okJson(Downstreams.order(42, 7, "MUG-002", 3, 800))));

        given().get("/api/orders/42")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo(42))
                .body("userId", equalTo(7))
                .body("totalCents", equalTo(2400))
                .body("items[0].sku", equalTo("MUG-002"));
    }

    @Test
    void anUnknownOrderIsRelayedAs404() {
        wireMock.stubFor(get(urlEqualTo("/orders/404"))
                .willReturn(
                        Downstreams.problem(404, "not-found", "Not Found", "Order 404 does not exist", "/orders/404")));

        JsonPath problem = assertProblem(given().get("/api/orders/404"), 404);
        assertEquals("https://obsdemo.dev/problems/not-found", problem.getString("type"));
        assertEquals("Order 404 does not exist", problem.getString("detail"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "stats", "-1", "0", "99999999999999999999"})
    void anOrderIdThatIsNotAPositiveNumberIs400WithoutCallingOrderService(String id) {
        assertProblem(given().get("/api/orders/" + id), 400);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    // --- GET /api/products --------------------------------------------------------------------------------------

    @Test
    void theCatalogComesFromOrderService() {
        wireMock.stubFor(get(urlEqualTo("/products")).willReturn(okJson("""
                [{"sku":"BOOK-001","name":"A book","unitPriceCents":1500},
                 {"sku":"MUG-002","name":"A mug","unitPriceCents":800}]""")));

        given().get("/api/products")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("sku", contains("BOOK-001", "MUG-002"))
                .body("name", contains("A book", "A mug"))
                .body("unitPriceCents", contains(1500, 800));
    }
}
