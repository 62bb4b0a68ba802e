package dev.obsdemo.users.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * service-commons' pre-routing in user-service, whose routes differ from the gateway's: OPTIONS from its own
 * route table, 404 for every method without a route, size limits as problem documents with the request's IDs.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(ProxiedRedisResource.class)
class PreRoutingTest {

    @Inject
    HttpServer server;

    @ParameterizedTest(name = "OPTIONS {0}: Allow {1}")
    @CsvSource(
            delimiter = '|',
            value = {"/users|GET, HEAD, OPTIONS, POST", "/users/7|GET, HEAD, OPTIONS, PUT"})
    void optionsAnswersWithTheMethodsOfUserServicesRoutes(String path, String allow) {
        Response response = given().options(path);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.header("Allow")).isEqualTo(allow);
        assertThat(response.header("X-Request-ID")).isNotBlank();
    }

    @ParameterizedTest(name = "{0} /nope is a 404 problem")
    @ValueSource(strings = {"GET", "OPTIONS", "DELETE"})
    void aPathWithoutARouteIsA404ForEveryMethod(String method) {
        Response response = given().request(method, "/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("requestId")).isEqualTo(response.header("X-Request-ID"));
    }

    @Test
    void oversizedHeaderFieldsAreA431ProblemWithTheRequestsIds() {
        RawHttp.Answer answer = RawHttp.get(
                server.getPort(), "/users/7", "X-Request-ID: users-431\r\nX-Junk: " + "j".repeat(20_000) + "\r\n");

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("X-Request-ID")).isEqualTo("users-431");
        assertThat(answer.header("X-Trace-Id")).matches("[0-9a-f]{32}");
        assertThat(answer.body()).contains("\"requestId\":\"users-431\"");
    }
}
