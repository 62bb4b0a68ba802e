package dev.obsdemo.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
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
import io.restassured.response.Response;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** /api/users and the routes under it: what the gateway sends to the services and what it gives back. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class UserRoutesTest extends GatewayTestBase {

    // --- POST /api/users ------------------------------------------------------------------------------------

    @Test
    void creatingAUserAnswers201WithTheGatewaysOwnLocationAndTheUser() {
        wireMock.stubFor(post(urlEqualTo("/users"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Location", wireMock.baseUrl() + "/users/7")
                        .withBody(Downstreams.user(7, "Ada", "ada@example.org"))));

        given().contentType(ContentType.JSON)
                .body("""
                {"name":"Ada","email":"ada@example.org"}""")
                .when()
                .post("/api/users")
                .then()
                .statusCode(201)
                .header("Location", "http://localhost:" + RestAssured.port + "/api/users/7")
                .contentType(ContentType.JSON)
                .body("id", equalTo(7))
                .body("name", equalTo("Ada"))
                .body("email", equalTo("ada@example.org"))
                .body("createdAt", equalTo(Downstreams.CREATED_AT));

        wireMock.verify(1, postRequestedFor(urlEqualTo("/users")).withRequestBody(equalToJson("""
                        {"name":"Ada","email":"ada@example.org"}""")));
    }

    @Test
    void aDuplicateEmailConflictFromUserServiceIsRelayedAs409() {
        wireMock.stubFor(post(urlEqualTo("/users"))
                .willReturn(Downstreams.problem(
                        409,
                        "duplicate-email",
                        "Conflict",
                        "A user with this e-mail address already exists",
                        "/users")));

        Response response = given().contentType(ContentType.JSON).body("""
                {"name":"Ada","email":"ada@example.org"}""").post("/api/users");

        JsonPath problem = assertProblem(response, 409);
        assertEquals("https://obsdemo.dev/problems/duplicate-email", problem.getString("type"));
        assertEquals("Conflict", problem.getString("title"));
        assertEquals("A user with this e-mail address already exists", problem.getString("detail"));
        assertEquals("/api/users", problem.getString("instance"), "instance is the gateway's path");
    }

    @Test
    void aValidationProblemFromUserServiceIsRelayedWithItsFieldErrors() {
        wireMock.stubFor(post(urlEqualTo("/users"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", Downstreams.PROBLEM_JSON)
                        .withBody("""
                        {"type":"https://obsdemo.dev/problems/invalid-request","title":"Bad Request","status":400,
                         "detail":"Invalid field 'email': must be a well-formed email address","instance":"/users",
                         "requestId":"downstream-id",
                         "errors":[{"field":"email","message":"must be a well-formed email address"}]}""")));

        Response response = given().contentType(ContentType.JSON).body("""
                {"name":"Ada","email":"not-an-address"}""").post("/api/users");

        JsonPath problem = assertProblem(response, 400);
        assertEquals("https://obsdemo.dev/problems/invalid-request", problem.getString("type"));
        assertEquals("Invalid field 'email': must be a well-formed email address", problem.getString("detail"));
        assertEquals("email", problem.getString("errors[0].field"));
        assertEquals("must be a well-formed email address", problem.getString("errors[0].message"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON               | {"name":"Ada","email":             |
            a number for the name        | {"name":5,"email":"a@example.org"} | name
            an object for the email      | {"name":"Ada","email":{"a":1}}     | email
            an unknown field             | {"name":"Ada","email":"a@example.org","nickname":"ada"} | nickname
            a field sent twice           | {"name":"Ada","name":"Bob","email":"a@example.org"}     |
            """)
    void theGatewayRejectsAnUnreadableUserBodyWith400WithoutCallingUserService(String what, String body, String field) {
        Response response = given().contentType(ContentType.JSON).body(body).post("/api/users");

        JsonPath problem = assertProblem(response, 400);
        assertEquals("https://obsdemo.dev/problems/invalid-request", problem.getString("type"));
        if (field != null) {
            assertEquals(field, problem.getString("errors[0].field"), "the field named in errors[]");
        }
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aUserWithoutABodyGetsUserServicesValidationAnswer() {
        wireMock.stubFor(post(urlEqualTo("/users")).willReturn(Downstreams.userValidationProblem()));

        Response response = given().contentType(ContentType.JSON).post("/api/users");

        JsonPath problem = assertProblem(response, 400);
        assertEquals("2 fields are invalid: email, name", problem.getString("detail"));
        assertEquals(java.util.List.of("email", "name"), problem.getList("errors.field"));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/users")).withRequestBody(equalToJson("""
                {"name":null,"email":null}""")));
    }

    // --- GET /api/users/{id} -----------------------------------------------------------------------------------

    @Test
    void gettingAUserAnswersWhatUserServiceKnowsAndDropsFieldsTheGatewayDoesNotKnow() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson("""
                {"id":7,"name":"Ada","email":"ada@example.org","createdAt":"%s","passwordHash":"secret"}""".formatted(Downstreams.CREATED_AT))));

        given().get("/api/users/7")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo(7))
                .body("name", equalTo("Ada"))
                .body("email", equalTo("ada@example.org"))
                .body("createdAt", equalTo(Downstreams.CREATED_AT))
                .body("$", not(hasKey("passwordHash")));
    }

    @Test
    void anUnknownUserIsRelayedAs404() {
        wireMock.stubFor(get(urlEqualTo("/users/404"))
                .willReturn(
                        Downstreams.problem(404, "not-found", "Not Found", "User 404 does not exist", "/users/404")));

        JsonPath problem = assertProblem(given().get("/api/users/404"), 404);
        assertEquals("https://obsdemo.dev/problems/not-found", problem.getString("type"));
        assertEquals("User 404 does not exist", problem.getString("detail"));
        assertEquals("/api/users/404", problem.getString("instance"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "7x", "-7", "0", "99999999999999999999"})
    void aUserIdThatIsNotAPositiveNumberIs400WithoutCallingUserService(String id) {
        assertProblem(given().get("/api/users/" + id), 400);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    // --- GET /api/users/{id}/orders -----------------------------------------------------------------------------

    @Test
    void aUsersOrdersComeFromOrderService() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));
        wireMock.stubFor(get(urlPathEqualTo("/orders"))
                .withQueryParam("userId", WireMock.equalTo("7"))
                .willReturn(okJson("[" + Downstreams.order(12, 7, "BOOK-001", 2, 1500) + ","
                        + Downstreams.order(11, 7, "MUG-002", 1, 800) + "]")));

        given().get("/api/users/7/orders")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", contains(12, 11))
                .body("[0].userId", equalTo(7))
                .body("[0].totalCents", equalTo(3000))
                .body("[0].items[0].sku", equalTo("BOOK-001"))
                .body("[0].items[0].quantity", equalTo(2))
                .body("[0].items[0].unitPriceCents", equalTo(1500));
    }

    @Test
    void theOrdersOfAnUnknownUserAre404EvenThoughOrderServiceAnswers() {
        wireMock.stubFor(get(urlEqualTo("/users/404"))
                .willReturn(
                        Downstreams.problem(404, "not-found", "Not Found", "User 404 does not exist", "/users/404")));
        wireMock.stubFor(get(urlPathEqualTo("/orders"))
                .withQueryParam("userId", WireMock.equalTo("404"))
                .willReturn(okJson("[]")));

        JsonPath problem = assertProblem(given().get("/api/users/404/orders"), 404);
        assertEquals("User 404 does not exist", problem.getString("detail"));
    }

    // --- GET /api/users/{id}/summary ----------------------------------------------------------------------------

    @Test
    void theSummaryCombinesTheUserWithTheirOrderStats() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));
        wireMock.stubFor(get(urlPathEqualTo("/orders/stats"))
                .withQueryParam("userId", WireMock.equalTo("7"))
                .willReturn(okJson(Downstreams.stats(7, 3, 12345))));

        given().get("/api/users/7/summary")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("user.id", equalTo(7))
                .body("user.name", equalTo("Ada"))
                .body("user.email", equalTo("ada@example.org"))
                .body("orderCount", equalTo(3))
                .body("totalSpentCents", equalTo(12345));
    }

    @Test
    void theSummaryCallsBothServicesConcurrently() {
        wireMock.stubFor(get(urlEqualTo("/users/8"))
                .willReturn(
                        okJson(Downstreams.user(8, "Bob", "bob@example.org")).withFixedDelay(700)));
        wireMock.stubFor(get(urlPathEqualTo("/orders/stats"))
                .withQueryParam("userId", WireMock.equalTo("8"))
                .willReturn(okJson(Downstreams.stats(8, 1, 500)).withFixedDelay(700)));

        // One after the other would take at least 1400 ms.
        given().get("/api/users/8/summary")
                .then()
                .statusCode(200)
                .body("user.name", equalTo("Bob"))
                .body("orderCount", equalTo(1))
                .time(greaterThanOrEqualTo(700L), TimeUnit.MILLISECONDS)
                .time(lessThan(1200L), TimeUnit.MILLISECONDS);

        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/8")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/orders/stats")));
    }

    @Test
    void theSummaryOfAnUnknownUserIs404() {
        wireMock.stubFor(get(urlEqualTo("/users/404"))
                .willReturn(
                        Downstreams.problem(404, "not-found", "Not Found", "User 404 does not exist", "/users/404")));
        wireMock.stubFor(get(urlPathEqualTo("/orders/stats"))
                .withQueryParam("userId", WireMock.equalTo("404"))
                .willReturn(okJson(Downstreams.stats(404, 0, 0))));

        JsonPath problem = assertProblem(given().get("/api/users/404/summary"), 404);
        assertEquals("User 404 does not exist", problem.getString("detail"));
    }
}
