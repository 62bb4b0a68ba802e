package dev.obsdemo.orders;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.obsdemo.testing.InjectTcpProxy;
import dev.obsdemo.testing.ProxiedPostgresResource;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.TcpProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Liveness and readiness of order-service against a real PostgreSQL and Redis that go away and come back.
 * Both are required: orders live in PostgreSQL and Idempotency-Keys in Redis, so either one missing makes
 * the service not ready, while liveness never depends on them.
 */
@QuarkusTest
@WithTestResource(value = ProxiedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orders_test"))
@WithTestResource(ProxiedRedisResource.class)
class OrderProbesTest {

    private static final String DATABASE_CHECK = "Database connections health check";
    private static final String REDIS_CHECK = "Redis connection health check";

    @Inject
    HttpServer server;

    @ProxiedPostgresResource.InjectPostgresProxy
    TcpProxy postgresProxy;

    @InjectTcpProxy
    TcpProxy redisProxy;

    String readiness() {
        return "http://localhost:" + server.getManagementPort() + "/q/health/ready";
    }

    String liveness() {
        return "http://localhost:" + server.getManagementPort() + "/q/health/live";
    }

    String started() {
        return "http://localhost:" + server.getManagementPort() + "/q/health/started";
    }

    @AfterEach
    void dependenciesBack() {
        postgresProxy.restore();
        redisProxy.restore();
    }

    @Test
    void readyWithEveryCheckUpWhenBothDependenciesAnswer() {
        given().get(readiness()).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == '" + REDIS_CHECK + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'disk space' }.status", equalTo("UP"));
        given().get(started()).then().statusCode(200).body("status", equalTo("UP"));
        given().get(liveness()).then().statusCode(200).body("status", equalTo("UP")).body("checks.name", hasItem("process"));
    }

    @Test
    void readinessFollowsPostgresqlWhileLivenessStaysUp() {
        given().get(readiness()).then().statusCode(200).body("status", equalTo("UP"));

        postgresProxy.cut();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness()).then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("DOWN")));
        given().get(liveness()).then().statusCode(200).body("status", equalTo("UP")).body("checks.name", hasItem("process"));
        // The API says so too: a fast 5xx problem, not a hang.
        given().queryParam("userId", 1).get("/orders").then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(500))
                .contentType("application/problem+json")
                .time(org.hamcrest.Matchers.lessThan(10_000L));

        postgresProxy.restore();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness()).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("UP")));
        given().get(liveness()).then().statusCode(200).body("status", equalTo("UP"));
        // Connections the cut broke may still sit in the pool: the API must recover by itself, promptly.
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().queryParam("userId", 1).get("/orders").then().statusCode(200));
    }

    @Test
    void readinessFollowsRedisWhileLivenessStaysUp() {
        given().get(readiness()).then().statusCode(200).body("status", equalTo("UP"));

        redisProxy.cut();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness()).then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == '" + REDIS_CHECK + "' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("UP")));
        given().get(liveness()).then().statusCode(200).body("status", equalTo("UP"));

        redisProxy.restore();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness()).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == '" + REDIS_CHECK + "' }.status", equalTo("UP")));
    }
}
