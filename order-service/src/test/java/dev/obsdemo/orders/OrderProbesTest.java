package dev.obsdemo.orders;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Liveness and readiness of order-service against a real PostgreSQL and Redis that go away and come back.
 * Both are required: orders live in PostgreSQL and Idempotency-Keys in Redis, so either one missing makes
 * the service not ready, while liveness never depends on them.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = ProxiedPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "orders_test"))
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

    String metrics() {
        return "http://localhost:" + server.getManagementPort() + "/q/metrics";
    }

    /** The value of health_check_up for one readiness check, as Prometheus would scrape it. */
    String readinessMetric(String check) {
        Matcher value = Pattern.compile(
                        "(?m)^health_check_up\\{check=\"" + Pattern.quote(check) + "\",probe=\"readiness\"} (\\S+)")
                .matcher(given().get(metrics()).then().statusCode(200).extract().asString());
        return value.find() ? value.group(1) : "absent";
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
        given().get(readiness())
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == '" + REDIS_CHECK + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'disk space' }.status", equalTo("UP"))
                // Quarkus' check that turns DOWN first on SIGTERM: there only with quarkus.shutdown.delay-enabled.
                .body("checks.find { it.name == 'Graceful Shutdown' }.status", equalTo("UP"));
        given().get(started()).then().statusCode(200).body("status", equalTo("UP"));
        given().get(liveness())
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("process"));
    }

    @Test
    void readinessFollowsPostgresqlWhileLivenessStaysUp() {
        given().get(readiness()).then().statusCode(200).body("status", equalTo("UP"));

        postgresProxy.cut();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().get(readiness())
                        .then()
                        .statusCode(503)
                        .body("status", equalTo("DOWN"))
                        .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("DOWN")));
        given().get(liveness())
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("process"));
        // The API says so too: the contract for a dependency that is down, a fast 503 problem with Retry-After and
        // the request ID (not a 500, which would mean a bug in this service, and not a hang).
        given().queryParam("userId", 1)
                .get("/orders")
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
                .untilAsserted(() -> given().get(readiness())
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("UP")));
        given().get(liveness()).then().statusCode(200).body("status", equalTo("UP"));
        // Connections the cut broke may still sit in the pool: the API must recover by itself, promptly.
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() ->
                        given().queryParam("userId", 1).get("/orders").then().statusCode(200));
    }

    @Test
    void readinessFollowsRedisWhileLivenessStaysUp() {
        given().get(readiness()).then().statusCode(200).body("status", equalTo("UP"));

        redisProxy.cut();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().get(readiness())
                        .then()
                        .statusCode(503)
                        .body("status", equalTo("DOWN"))
                        .body("checks.find { it.name == '" + REDIS_CHECK + "' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("UP")));
        given().get(liveness()).then().statusCode(200).body("status", equalTo("UP"));

        redisProxy.restore();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().get(readiness())
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.find { it.name == '" + REDIS_CHECK + "' }.status", equalTo("UP")));
    }

    /** The probe's answer as a metric (ReadinessMetrics), for alerts: 1 while the check is UP, 0 while DOWN. */
    @Test
    void readinessChecksAreMetricsThatFollowPostgresql() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(readinessMetric(DATABASE_CHECK), equalTo("1.0"));
            assertThat(readinessMetric(REDIS_CHECK), equalTo("1.0"));
            assertThat(readinessMetric("disk space"), equalTo("1.0"));
        });

        postgresProxy.cut();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(readinessMetric(DATABASE_CHECK), equalTo("0.0")));
        assertThat(readinessMetric(REDIS_CHECK), equalTo("1.0"));

        postgresProxy.restore();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(readinessMetric(DATABASE_CHECK), equalTo("1.0")));
    }

    /**
     * PostgreSQL gone (connections reset, new ones refused, as when it is stopped) fails fast: every request that
     * needs it is a 503 within 1 s, and every readiness probe answers DOWN within 1 s, Kubernetes' default probe
     * {@code timeoutSeconds} (a probe that takes longer counts as failed without saying why, and ties up the
     * management port). Found by the faults suite, where requests waited for the pool's acquisition timeout.
     */
    @Test
    void postgresqlGoneIsA503WithinASecondAndTheProbeAnswersWithinASecond() {
        given().get("/orders?userId=1").then().statusCode(200);
        postgresProxy.cut();
        for (int round = 0; round < 5; round++) {
            given().get("/orders?userId=1")
                    .then()
                    .statusCode(503)
                    .body("detail", equalTo("The database is unavailable"))
                    .time(lessThan(1_000L));
            given().get(readiness()).then().statusCode(503).time(lessThan(1_000L));
        }
    }

    /**
     * PostgreSQL up but refusing this database (scripts/fault.sh db-down does the same to the local stack):
     * new connections fail with SQLState 53300 and the open ones were terminated (57P01). That is the
     * database away, a 503 problem with the request ID, not a 500; readiness says so; it all recovers.
     */
    @Test
    void aDatabaseThatRefusesConnectionsIsA503ProblemAndNotReady() throws SQLException {
        given().queryParam("userId", 1).get("/orders").then().statusCode(200);
        String url = "jdbc:postgresql://" + System.getenv().getOrDefault("DB_HOST", "localhost") + ":"
                + System.getenv().getOrDefault("DB_PORT", "5432") + "/postgres";
        try (Connection owner = DriverManager.getConnection(
                        url, "orders", System.getenv().getOrDefault("DB_PASSWORD", "orders"));
                Statement sql = owner.createStatement()) {
            sql.execute("ALTER DATABASE orders_test CONNECTION LIMIT 0");
            try {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'orders_test'");
                for (int attempt = 0; attempt < 3; attempt++) { // a terminated pooled connection, then refused new ones
                    given().queryParam("userId", 1)
                            .get("/orders")
                            .then()
                            .statusCode(503)
                            .contentType("application/problem+json")
                            .header("Retry-After", "5")
                            .body("detail", equalTo("The database is unavailable"))
                            .body("requestId", notNullValue())
                            .time(lessThan(5_000L));
                }
                Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> given().get(readiness())
                                .then()
                                .statusCode(503)
                                .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("DOWN")));
            } finally {
                sql.execute("ALTER DATABASE orders_test CONNECTION LIMIT -1");
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            given().get(readiness()).then().statusCode(200);
            given().queryParam("userId", 1).get("/orders").then().statusCode(200);
        });
    }
}
