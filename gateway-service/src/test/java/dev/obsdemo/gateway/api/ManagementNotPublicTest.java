package dev.obsdemo.gateway.api;

import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;

import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's public port serves /api only: health, metrics, the OpenAPI document, Swagger UI and every other
 * management or framework path are 404 problems there (they live on the management port, which is never
 * published), whatever the method.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class ManagementNotPublicTest extends GatewayTestBase {

    @Inject
    HttpServer server;

    @ParameterizedTest(name = "GET {0} on the public port is a 404 problem")
    @ValueSource(
            strings = {
                "/q/health",
                "/q/health/live",
                "/q/health/ready",
                "/q/metrics",
                "/q/openapi",
                "/q/openapi.json",
                "/q/swagger-ui",
                "/q/swagger-ui/",
                "/q/dev-ui",
                "/q/info",
                "/q/arc",
                "/q",
                "/metrics",
                "/health",
                "/openapi",
                "/"
            })
    void managementPathsAreNotServedOnThePublicPort(String path) {
        assertProblem(given().get(path), 404);
        assertProblem(given().options(path), 404);
    }

    @ParameterizedTest(name = "POST {0} on the public port is a 404 problem")
    @ValueSource(strings = {"/q/health", "/q/metrics", "/q/openapi"})
    void managementPathsRefuseEveryMethod(String path) {
        assertProblem(given().contentType("application/json").body("{}").post(path), 404);
    }

    @ParameterizedTest(name = "GET {0} on the management port answers")
    @ValueSource(strings = {"/q/health/live", "/q/metrics"})
    void theyAreOnTheManagementPort(String path) {
        given().get("http://localhost:" + server.getManagementPort() + path)
                .then()
                .statusCode(200);
    }
}
