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
        for (String fault : List.of(
                "latency", "error-ratio", "redis-unavailable", "cpu-heavy", "allocation-heavy", "redis-latency")) {
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

    private static long durationMs(SpanData span) {
        return (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000;
    }

    @Test
    void cpuHeavyBurnsThreadCpuTimeInsideAChildSpanAndTheProcessCpuCounterShowsIt() {
        long id = createUser("Busy", uniqueEmail());
        Response before = given().get("/users/{id}", id);
        before.then().statusCode(200);
        assertThat(named(traceOf(before, InMemorySpans.serverSpan()), "cpu-heavy work (injected fault)"))
                .isEmpty();

        given().queryParam("ms", 300)
                .queryParam("route", "/users/{id}")
                .put(admin("/cpu-heavy"))
                .then()
                .statusCode(200)
                .body("ms", org.hamcrest.Matchers.is(300));
        double cpuBefore = metric("process_cpu_time_ns_total", "");
        double injectedBefore = injectedCount("cpu-heavy");
        Response busy = given().get("/users/{id}", id);
        busy.then().statusCode(200);
        double cpuAfter = metric("process_cpu_time_ns_total", "");
        List<SpanData> trace = traceOf(busy, InMemorySpans.serverSpan());
        SpanData server = InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        SpanData work = named(trace, "cpu-heavy work (injected fault)").orElseThrow();
        assertThat(work.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(attribute(work, "app.fault")).isEqualTo("cpu-heavy");
        assertThat(attribute(server, "app.fault")).isEqualTo("cpu-heavy");
        // Thread CPU time never exceeds wall time: the span lasts at least the CPU time burnt.
        assertThat(Long.parseLong(attribute(work, "app.fault.cpu_time_ms"))).isGreaterThanOrEqualTo(300);
        assertThat(durationMs(work)).isGreaterThanOrEqualTo(300);
        assertThat(cpuAfter - cpuBefore).isGreaterThanOrEqualTo(300e6);
        assertThat(injectedCount("cpu-heavy")).isEqualTo(injectedBefore + 1);

        Response other = given().get("/users?size=1");
        other.then().statusCode(200);
        assertThat(named(traceOf(other, InMemorySpans.serverSpan()), "cpu-heavy work (injected fault)"))
                .isEmpty();
    }

    @Test
    void allocationHeavyAllocatesInsideAChildSpanAndTheGarbageCollectorRuns() {
        long id = createUser("Wasteful", uniqueEmail());
        Response before = given().get("/users/{id}", id);
        before.then().statusCode(200);
        assertThat(named(traceOf(before, InMemorySpans.serverSpan()), "allocation-heavy work (injected fault)"))
                .isEmpty();

        given().queryParam("mb", 128)
                .queryParam("route", "/users/{id}")
                .put(admin("/allocation-heavy"))
                .then()
                .statusCode(200)
                .body("mb", org.hamcrest.Matchers.is(128));
        Response wasteful = given().get("/users/{id}", id);
        wasteful.then().statusCode(200);
        List<SpanData> trace = traceOf(wasteful, InMemorySpans.serverSpan());
        SpanData server = InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        SpanData work = named(trace, "allocation-heavy work (injected fault)").orElseThrow();
        assertThat(work.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(attribute(work, "app.fault")).isEqualTo("allocation-heavy");
        assertThat(Long.parseLong(attribute(work, "app.fault.allocated_bytes")))
                .isGreaterThanOrEqualTo(128L * 1024 * 1024);

        // jvm_gc_* move only when a collection runs: a few such requests fill any young generation.
        double collectionsBefore = metric("jvm_gc_pause_seconds_count", "");
        double allocatedBefore = metric("jvm_gc_memory_allocated_bytes_total", "");
        for (int i = 0; i < 40 && metric("jvm_gc_pause_seconds_count", "") == collectionsBefore; i++) {
            given().get("/users/{id}", id).then().statusCode(200);
        }
        assertThat(metric("jvm_gc_pause_seconds_count", "")).isGreaterThan(collectionsBefore);
        assertThat(metric("jvm_gc_memory_allocated_bytes_total", "") - allocatedBefore)
                .isGreaterThanOrEqualTo(128.0 * 1024 * 1024);
    }

    @Test
    void redisLatencyIsAClientSpanPerCommandAndBeyondTheTimeoutTheReadFallsBackToPostgresql() {
        long id = createUser("Patient", uniqueEmail());
        for (int i = 0; i < 4; i++) {
            // Cache hits: the circuit breaker's window (4 calls) holds successes only, so the one timeout below
            // cannot open it.
            given().get("/users/{id}", id).then().statusCode(200);
        }
        Response fast = given().get("/users/{id}", id);
        List<SpanData> fastTrace = traceOf(fast, s -> s.getName().equals("user cache lookup"));
        assertThat(InMemorySpans.find(fastTrace, InMemorySpans.withAttribute("app.fault", "redis-latency")))
                .isEmpty();

        given().queryParam("ms", 120).put(admin("/redis-latency")).then().statusCode(200);
        Response slow = given().get("/users/{id}", id);
        slow.then().statusCode(200);
        assertThat(slow.timeIn(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(120);
        List<SpanData> trace = traceOf(slow, s -> s.getName().equals("user cache lookup"));
        SpanData latency = named(trace, "redis GET latency (injected fault)").orElseThrow();
        assertThat(latency.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
        assertThat(attribute(latency, "db.system")).isEqualTo("redis");
        assertThat(attribute(latency, "db.operation")).isEqualTo("GET");
        assertThat(attribute(latency, "app.fault")).isEqualTo("redis-latency");
        assertThat(durationMs(latency)).isGreaterThanOrEqualTo(120);
        SpanData lookup = named(trace, "user cache lookup").orElseThrow();
        assertThat(latency.getParentSpanId()).isEqualTo(lookup.getSpanId());
        assertThat(attribute(lookup, "app.cache.hit")).isEqualTo("true");
        // The command itself is sent after the wait.
        SpanData get = InMemorySpans.find(trace, s -> dbSystem("redis").test(s) && s != latency)
                .orElseThrow();
        assertThat(get.getStartEpochNanos()).isGreaterThanOrEqualTo(latency.getEndEpochNanos());

        // 400 ms is beyond the cache's 250 ms timeout: the wait is cut short, the read comes from PostgreSQL.
        given().queryParam("ms", 400).put(admin("/redis-latency")).then().statusCode(200);
        Response cut = given().get("/users/{id}", id);
        cut.then().statusCode(200).body("id", org.hamcrest.Matchers.is((int) id));
        List<SpanData> cutTrace = traceOf(cut, dbSystem("postgresql"));
        SpanData interrupted =
                named(cutTrace, "redis GET latency (injected fault)").orElseThrow();
        assertThat(interrupted.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(durationMs(interrupted)).isBetween(240L, 395L);
        assertThat(InMemorySpans.find(cutTrace, dbSystem("postgresql"))).isPresent();

        given().delete(admin("/redis-latency")).then().statusCode(204);
        for (int i = 0; i < 3; i++) {
            given().get("/users/{id}", id).then().statusCode(200);
        }
    }

    @Test
    void theAdminEndpointNamesItsFaultsAndRefusesNonsense() {
        given().get(admin(""))
                .then()
                .statusCode(200)
                .body("allowed", org.hamcrest.Matchers.is(true))
                .body(
                        "faults",
                        org.hamcrest.Matchers.hasItems(
                                "latency",
                                "error-ratio",
                                "redis-unavailable",
                                "cpu-heavy",
                                "allocation-heavy",
                                "redis-latency"));
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
        // A misspelt parameter would otherwise widen the fault to every route: refused, naming what it takes.
        given().put(admin("/latency?ms=5&rout=/users"))
                .then()
                .statusCode(400)
                .body(
                        "detail",
                        org.hamcrest.Matchers.is("unknown parameter 'rout': latency takes jitterMs, ms, route"));
        given().put(admin("/redis-unavailable?ms=5")).then().statusCode(400);
        given().put(admin("/cpu-heavy"))
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("cpu-heavy needs ms"));
        given().put(admin("/allocation-heavy?mb=1024"))
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("mb must be a whole number from 1 to 256"));
        given().put(admin("/redis-latency?ms=abc")).then().statusCode(400);
        given().put(admin("/latency?ms=5")).then().statusCode(200);
        given().get(admin("")).then().body("active.fault", org.hamcrest.Matchers.contains("latency"));
        // Never on the application port.
        given().put("/q/faults/latency?ms=5").then().statusCode(org.hamcrest.Matchers.not(200));
    }

    /** The sum of a metric's samples whose line contains {@code filter}; 0 when there is none. */
    private double metric(String name, String filter) {
        String body = given().accept(TelemetryHeaders.PROMETHEUS_ACCEPT)
                .get("http://localhost:" + server.getManagementPort() + "/q/metrics")
                .asString();
        return body.lines()
                .filter(l -> (l.startsWith(name + " ") || l.startsWith(name + "{")) && l.contains(filter))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
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
