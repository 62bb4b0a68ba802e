package dev.obsdemo.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Requests the gateway refuses itself, before any service is called. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class GatewayErrorResponsesTest extends GatewayTestBase {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    @TestHTTPResource("/api/users")
    URI usersUri;

    @Test
    void anUnknownRouteIs404Problem() {
        JsonPath problem = assertProblem(given().get("/api/nope"), 404);
        assertEquals("/api/nope", problem.getString("instance"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyOver64KiBIs413ProblemWithoutCallingUserService() {
        String name = "a".repeat(MAX_BODY_BYTES);
        String body = "{\"name\":\"" + name + "\",\"email\":\"ada@example.org\"}";

        Response response = given().contentType(ContentType.JSON).body(body).post("/api/users");

        JsonPath problem = assertProblem(response, 413);
        assertEquals("https://obsdemo.dev/problems/payload-too-large", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("65536"), problem.getString("detail"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aChunkedBodyOver64KiBIs413WithoutCallingUserService() throws Exception {
        wireMock.stubFor(post(urlEqualTo("/users"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(Downstreams.user(7, "Ada", "ada@example.org"))));
        byte[] body = ("{\"name\":\"" + "a".repeat(100_000) + "\",\"email\":\"ada@example.org\"}")
                .getBytes(StandardCharsets.UTF_8);
        // A body of unknown length goes out chunked, without Content-Length.
        HttpRequest request = HttpRequest.newBuilder(usersUri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(
                413,
                response.statusCode(),
                () -> "a chunked body of " + body.length + " bytes was accepted and forwarded to user-service: "
                        + response.statusCode() + " " + response.body());
        // Vert.x cuts a chunked body at the limit while reading it; with no length announced up front there
        // is no problem document, only the status and a closed connection (see RequestLimits).
        assertEquals("close", response.headers().firstValue("Connection").orElse(null));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyOfExactly64KiBIsNotRefusedForItsSize() {
        String email = "ada@example.org";
        String prefix = "{\"name\":\"";
        String suffix = "\",\"email\":\"" + email + "\",\"x\":1}";
        String body = prefix + "a".repeat(MAX_BODY_BYTES - prefix.length() - suffix.length()) + suffix;
        assertEquals(MAX_BODY_BYTES, body.length());

        // Read, then refused for the unknown field "x": proof that the size check let it through.
        JsonPath problem =
                assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/users"), 400);
        assertEquals("x", problem.getString("errors[0].field"));
    }

    @Test
    void aMethodARouteDoesNotSupportIs405Problem() {
        JsonPath problem = assertProblem(given().delete("/api/users/7"), 405);
        assertEquals("Method not allowed on /api/users/7", problem.getString("detail"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyThatIsNotJsonIs415Problem() {
        assertProblem(given().contentType(ContentType.TEXT).body("name=Ada").post("/api/users"), 415);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }
}
