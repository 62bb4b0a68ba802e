package dev.obsdemo.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** X-Request-ID: accepted when valid, replaced when not, echoed to the client and sent to every service. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class RequestIdTest extends GatewayTestBase {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private void stubSummaryOfUser7() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));
        wireMock.stubFor(get(urlPathEqualTo("/orders/stats")).willReturn(okJson(Downstreams.stats(7, 3, 12345))));
    }

    @Test
    void aValidRequestIdIsEchoedAndSentToBothServices() {
        stubSummaryOfUser7();
        String requestId = "Req-2024.05_01:abc-" + "x".repeat(100); // 123 characters of the allowed set

        given().header("X-Request-ID", requestId)
                .get("/api/users/7/summary")
                .then()
                .statusCode(200)
                .header("X-Request-ID", requestId);

        wireMock.verify(
                1, getRequestedFor(urlEqualTo("/users/7")).withHeader("X-Request-ID", WireMock.equalTo(requestId)));
        wireMock.verify(
                1,
                getRequestedFor(urlPathEqualTo("/orders/stats"))
                        .withHeader("X-Request-ID", WireMock.equalTo(requestId)));
    }

    static Stream<Arguments> invalidRequestIds() {
        return Stream.of(
                Arguments.of("longer than 128 characters", "a".repeat(200)),
                Arguments.of("129 characters", "a".repeat(129)),
                Arguments.of("with spaces", "my request id"),
                Arguments.of("with non-ASCII letters", "r\u00e9qu\u00eate-42"),
                Arguments.of("with a slash", "a/b"),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequestIds")
    void anInvalidRequestIdIsReplacedByAGeneratedUuidWhichBothServicesReceive(String what, String invalid) {
        stubSummaryOfUser7();

        Response response = given().header("X-Request-ID", invalid).get("/api/users/7/summary");

        assertEquals(200, response.statusCode(), response::asString);
        assertGeneratedIdWasUsedDownstream(response, invalid);
    }

    @Test
    void aRequestWithoutRequestIdGetsAGeneratedUuidWhichBothServicesReceive() {
        stubSummaryOfUser7();

        Response response = given().get("/api/users/7/summary");

        assertEquals(200, response.statusCode(), response::asString);
        assertGeneratedIdWasUsedDownstream(response, null);
    }

    @Test
    void eachRequestWithoutRequestIdGetsItsOwnId() {
        stubSummaryOfUser7();

        String first = given().get("/api/users/7/summary")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-ID");
        String second = given().get("/api/users/7/summary")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-ID");

        assertNotEquals(first, second);
    }

    @Test
    void anErrorCarriesTheIncomingRequestIdInHeaderAndBody() {
        wireMock.stubFor(get(urlEqualTo("/users/404"))
                .willReturn(
                        Downstreams.problem(404, "not-found", "Not Found", "User 404 does not exist", "/users/404")));

        Response response = given().header("X-Request-ID", "trace-me-404").get("/api/users/404");

        assertEquals("trace-me-404", assertProblem(response, 404).getString("requestId"));
    }

    @Test
    void anErrorOfARequestWithAnInvalidIdCarriesTheGeneratedId() {
        Response response = given().header("X-Request-ID", "not valid").get("/api/nope");

        String generated = assertProblem(response, 404).getString("requestId");
        assertTrue(UUID.matcher(generated).matches(), generated);
    }

    private void assertGeneratedIdWasUsedDownstream(Response response, String incoming) {
        String generated = response.header("X-Request-ID");
        assertNotNull(generated, "X-Request-ID response header");
        assertTrue(UUID.matcher(generated).matches(), () -> "a generated UUID, was " + generated);
        assertNotEquals(incoming, generated);

        List<LoggedRequest> userCalls = wireMock.findAll(getRequestedFor(urlEqualTo("/users/7")));
        List<LoggedRequest> statsCalls = wireMock.findAll(getRequestedFor(urlPathEqualTo("/orders/stats")));
        assertEquals(1, userCalls.size(), "calls to user-service");
        assertEquals(1, statsCalls.size(), "calls to order-service");
        assertEquals(generated, userCalls.get(0).getHeader("X-Request-ID"), "X-Request-ID sent to user-service");
        assertEquals(generated, statsCalls.get(0).getHeader("X-Request-ID"), "X-Request-ID sent to order-service");
    }
}
