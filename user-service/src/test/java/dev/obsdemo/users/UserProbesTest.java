package dev.obsdemo.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Liveness, readiness and startup against a real PostgreSQL that goes away and comes back. Redis is
 * optional for user-service: without it the service stays ready and says it runs degraded.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = ProxiedPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "users_test"))
@WithTestResource(ProxiedRedisResource.class)
class UserProbesTest {

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
    void readinessFollowsPostgresqlWhileLivenessStaysUp() {
        given().get(readiness())
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                // Quarkus' check that turns DOWN first on SIGTERM: there only with quarkus.shutdown.delay-enabled.
                .body("checks.find { it.name == 'Graceful Shutdown' }.status", equalTo("UP"));
        given().get(started()).then().statusCode(200).body("status", equalTo("UP"));

        postgresProxy.cut();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().get(readiness())
                        .then()
                        .statusCode(503)
                        .body("status", equalTo("DOWN"))
                        .body(
                                "checks.find { it.name == 'Database connections health check' }.status",
                                equalTo("DOWN")));
        given().get(liveness())
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("process"));
        // The API says so too: the contract for a dependency that is down, a fast 503 problem with Retry-After and
        // the request ID (not a 500, which would mean a bug in this service, and not a hang).
        given().get("/users?size=1")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", equalTo("The database is unavailable"))
                .body("requestId", notNullValue())
                .time(lessThan(10_000L));

        postgresProxy.restore();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> given().get(readiness()).then().statusCode(200).body("status", equalTo("UP")));
        given().get("/users?size=1").then().statusCode(200);
    }

    /**
     * PostgreSQL gone (connections reset, new ones refused, as when it is stopped) fails fast: every request that
     * needs it is a 503 within 1 s, and every readiness probe answers DOWN within 1 s, Kubernetes' default probe
     * {@code timeoutSeconds} (a probe that takes longer counts as failed without saying why, and ties up the
     * management port). Found by the faults suite, where requests waited for the pool's acquisition timeout.
     */
    @Test
    void postgresqlGoneIsA503WithinASecondAndTheProbeAnswersWithinASecond() {
        given().get("/users?size=1").then().statusCode(200);
        postgresProxy.cut();
        for (int round = 0; round < 5; round++) {
            given().get("/users?size=1")
                    .then()
                    .statusCode(503)
                    .body("detail", equalTo("The database is unavailable"))
                    .time(lessThan(1_000L));
            given().get(readiness()).then().statusCode(503).time(lessThan(1_000L));
        }
    }

    @Test
    void redisDownKeepsUserServiceReadyButReportsIt() {
        redisProxy.cut();
        given().get(readiness())
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Redis (optional)' }.data.redis", containsString("down"));
        redisProxy.restore();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().get(readiness())
                        .then()
                        .body("checks.find { it.name == 'Redis (optional)' }.data.redis", equalTo("up")));
    }

    @Test
    void readinessIncludesDiskSpace() {
        given().get(readiness())
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'disk space' }.status", equalTo("UP"));
    }
}
