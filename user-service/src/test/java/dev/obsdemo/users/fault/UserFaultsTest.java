package dev.obsdemo.users.fault;

import static dev.obsdemo.testing.InMemorySpans.attribute;
import static dev.obsdemo.testing.InMemorySpans.dbSystem;
import static dev.obsdemo.users.TestUsers.createUser;
import static dev.obsdemo.users.TestUsers.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.TelemetryHeaders;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runtime faults in user-service, switched through the management port's {@code /q/faults} and observed in
 * what the service answers, exports (spans) and scrapes (metrics). Each test first shows the request without the
 * fault, where the assertion about the fault would fail, then with it.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(ProxiedRedisResource.class)
class UserFaultsTest {

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    private String admin(String path) {
        return "http://localhost:" + server.getManagementPort() + "/q/faults" + path;
    }

    @AfterEach
    void allOff() {
        for (String fault : List.of("latency", "error-ratio", "redis-unavailable")) {
            given().delete(admin("/" + fault)).then().statusCode(204);
        }
    }

    private List<SpanData> traceOf(Response response, Predicate<SpanData> until) {
        String traceId = response.header("X-Trace-Id");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(until));
        return spans.trace(traceId, InMemorySpans.serverSpan());
    }

    private static Optional<SpanData> named(List<SpanData> trace, String name) {
        return InMemorySpans.find(trace, s -> s.getName().equals(name));
    }

    @Test
    void latencyOnARouteIsASpanOfItsOwnInsideTheServerSpan() {
        long id = createUser("Slow", uniqueEmail());
        Response before = given().get("/users/{id}", id);
        before.then().statusCode(200);
        assertThat(named(traceOf(before, InMemorySpans.serverSpan()), "fault latency"))
                .isEmpty();

        given().queryParam("ms", 400)
                .queryParam("route", "/users/{id}")
                .put(admin("/latency"))
                .then()
                .statusCode(200)
                .body("ms", org.hamcrest.Matchers.is(400));
        Response slow = given().get("/users/{id}", id);
        slow.then().statusCode(200);
        assertThat(slow.timeIn(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(400);
        List<SpanData> trace = traceOf(slow, InMemorySpans.serverSpan());
        SpanData server = InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        SpanData latency = named(trace, "fault latency").orElseThrow();
        assertThat(latency.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(latency.getEndEpochNanos() - latency.getStartEpochNanos()).isGreaterThanOrEqualTo(400_000_000L);
        assertThat(attribute(server, "app.fault")).isEqualTo("latency");

        // Another route is left alone.
        Response other = given().get("/users?size=1");
        other.then().statusCode(200);
        assertThat(named(traceOf(other, InMemorySpans.serverSpan()), "fault latency"))
                .isEmpty();
    }

    @Test
    void errorRatioAnswers500WithAnErrorSpanAndCountsIt() {
        long id = createUser("Failing", uniqueEmail());
        given().get("/users/{id}", id).then().statusCode(200);
        double countBefore = injectedCount("error-ratio");

        given().queryParam("ratio", 1)
                .queryParam("route", "/users/{id}")
                .put(admin("/error-ratio"))
                .then()
                .statusCode(200);
        Response failed = given().get("/users/{id}", id);
        failed.then()
                .statusCode(500)
                .body("type", org.hamcrest.Matchers.endsWith("/injected-fault"))
                .body("detail", org.hamcrest.Matchers.containsString("error-ratio"));
        SpanData server = InMemorySpans.find(traceOf(failed, InMemorySpans.serverSpan()), InMemorySpans.serverSpan())
                .orElseThrow();
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attribute(server, "app.fault")).isEqualTo("error-ratio");
        assertThat(injectedCount("error-ratio")).isEqualTo(countBefore + 1);
        given().get("/users?size=1").then().statusCode(200);

        given().delete(admin("/error-ratio")).then().statusCode(204);
        given().get("/users/{id}", id).then().statusCode(200);
    }

    @Test
    void redisUnavailableReadsFromPostgresqlAndSaysSoInTheTrace() {
        long id = createUser("Cached", uniqueEmail());
        given().get("/users/{id}", id).then().statusCode(200);
        // Without the fault the second read is a cache hit: no JDBC span.
        Response hit = given().get("/users/{id}", id);
        List<SpanData> hitTrace = traceOf(hit, s -> s.getName().equals("user cache lookup"));
        assertThat(attribute(named(hitTrace, "user cache lookup").orElseThrow(), "app.cache.hit"))
                .isEqualTo("true");
        assertThat(InMemorySpans.find(hitTrace, dbSystem("postgresql"))).isEmpty();

        given().put(admin("/redis-unavailable")).then().statusCode(200);
        Response read = given().get("/users/{id}", id);
        read.then().statusCode(200).body("id", org.hamcrest.Matchers.is((int) id));
        List<SpanData> trace = traceOf(read, dbSystem("postgresql"));
        SpanData refused = named(trace, "redis unavailable (injected fault)").orElseThrow();
        assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attribute(refused, "app.fault")).isEqualTo("redis-unavailable");
        assertThat(InMemorySpans.find(trace, dbSystem("postgresql"))).isPresent();
    }

    @Test
    void theAdminEndpointNamesItsFaultsAndRefusesNonsense() {
        given().get(admin(""))
                .then()
                .statusCode(200)
                .body("allowed", org.hamcrest.Matchers.is(true))
                .body("faults", org.hamcrest.Matchers.hasItems("latency", "error-ratio", "redis-unavailable"));
        given().put(admin("/no-such-fault"))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("redis-unavailable"));
        // A refusal is a problem document with the request ID, as on the application port.
        given().header("X-Request-ID", "fault-admin-1")
                .put(admin("/latency?ms=-1"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .header("X-Request-ID", "fault-admin-1")
                .body("status", org.hamcrest.Matchers.is(400))
                .body("requestId", org.hamcrest.Matchers.is("fault-admin-1"))
                .body("instance", org.hamcrest.Matchers.is("/q/faults/latency"))
                .body("detail", org.hamcrest.Matchers.containsString("ms must be a whole number"));
        given().put(admin("/error-ratio?ratio=2")).then().statusCode(400);
        given().put(admin("/latency?ms=5")).then().statusCode(200);
        given().get(admin("")).then().body("active.fault", org.hamcrest.Matchers.contains("latency"));
        // Never on the application port.
        given().put("/q/faults/latency?ms=5").then().statusCode(org.hamcrest.Matchers.not(200));
    }

    private double injectedCount(String fault) {
        String body = given().accept(TelemetryHeaders.PROMETHEUS_ACCEPT)
                .get("http://localhost:" + server.getManagementPort() + "/q/metrics")
                .asString();
        return body.lines()
                .filter(l -> l.startsWith("app_faults_injected_total{") && l.contains("fault=\"" + fault + "\""))
                .mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .sum();
    }
}
