package dev.obsdemo.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Requests the gateway refuses itself, before any service is called. */
@QuarkusTest
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class GatewayErrorResponsesTest extends GatewayTestBase {

    private static final int MAX_BODY_BYTES = 64 * 1024;

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
    void aBodyOfExactly64KiBIsNotRefusedForItsSize() {
        String email = "ada@example.org";
        String prefix = "{\"name\":\"";
        String suffix = "\",\"email\":\"" + email + "\",\"x\":1}";
        String body = prefix + "a".repeat(MAX_BODY_BYTES - prefix.length() - suffix.length()) + suffix;
        assertEquals(MAX_BODY_BYTES, body.length());

        // Read, then refused for the unknown field "x": proof that the size check let it through.
        JsonPath problem = assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/users"), 400);
        assertEquals("x", problem.getString("errors[0].field"));
    }

    @Test
    void aMethodARouteDoesNotSupportIs405ProblemNamingTheAllowedMethods() {
        Response response = given().delete("/api/users/7");

        assertProblem(response, 405);
        assertNotNull(response.header("Allow"), "Allow header");
        assertTrue(response.header("Allow").contains("GET"), response.header("Allow"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyThatIsNotJsonIs415Problem() {
        assertProblem(given().contentType(ContentType.TEXT).body("name=Ada").post("/api/users"), 415);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }
}
