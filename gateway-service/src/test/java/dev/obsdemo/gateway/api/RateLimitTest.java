package dev.obsdemo.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 5 requests per client address per 10 s window, counted in Redis; open when Redis is away. */
@QuarkusTest
@Tag("quarkus")
@TestProfile(RateLimitTest.FiveRequestsPerTenSeconds.class)
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class RateLimitTest extends GatewayTestBase {

    static final int LIMIT = 5;
    static final long WINDOW_MILLIS = 10_000;

    public static class FiveRequestsPerTenSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Both spellings: application.properties has a %test. value of its own.
            return Map.of(
                    "gateway.rate-limit.requests", Integer.toString(LIMIT),
                    "%test.gateway.rate-limit.requests", Integer.toString(LIMIT),
                    "gateway.rate-limit.window", "10s");
        }
    }

    @Inject
    RedisDataSource redis;

    // Relative to the management root path (/q).
    @TestHTTPResource(value = "/health/live", management = true)
    URL liveness;

    @TestHTTPResource(value = "/faults/redis-unavailable", management = true)
    URL redisUnavailable;

    @TestHTTPResource(value = "/faults/redis-latency", management = true)
    URL redisLatency;

    @Inject
    InMemorySpans spans;

    @BeforeEach
    void forgetEarlierRequestsAndServeTheCatalog() {
        // Retried: right after a test that cut Redis, the client may still hold a dead connection.
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    List<String> leftovers = redis.key().keys("gateway:rate-limit:*");
                    if (!leftovers.isEmpty()) {
                        redis.key().del(leftovers.toArray(String[]::new));
                    }
                    assertTrue(redis.key().keys("gateway:rate-limit:*").isEmpty());
                });
        wireMock.stubFor(get(urlEqualTo("/products")).willReturn(okJson("""
                [{"sku":"BOOK-001","name":"A book","unitPriceCents":1500}]""")));
    }

    /**
     * The limiter counts in fixed windows aligned on the epoch: start a burst only when the current window
     * has time left, or the burst would be split between two windows.
     */
    private static void waitForAFreshEnoughWindow() throws InterruptedException {
        long left = WINDOW_MILLIS - System.currentTimeMillis() % WINDOW_MILLIS;
        if (left < 4_000) {
            Thread.sleep(left + 50);
        }
    }

    @Test
    void theSixthApiRequestInAWindowIs429WithRetryAfter() throws InterruptedException {
        waitForAFreshEnoughWindow();

        for (int i = 1; i <= LIMIT; i++) {
            given().get("/api/products")
                    .then()
                    .statusCode(200)
                    .header("RateLimit-Limit", Integer.toString(LIMIT))
                    .header("RateLimit-Remaining", Integer.toString(LIMIT - i));
        }
        Response refused = given().get("/api/products");

        JsonPath problem = assertProblem(refused, 429);
        assertEquals("https://obsdemo.dev/problems/rate-limited", problem.getString("type"));
        String retryAfter = refused.header("Retry-After");
        assertNotNull(retryAfter, "Retry-After header");
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 10, () -> "Retry-After " + seconds);
        // The refused request never reached order-service.
        wireMock.verify(LIMIT, getRequestedFor(urlEqualTo("/products")));
    }

    @Test
    void everyApiRouteCountsAgainstTheSameLimit() throws InterruptedException {
        waitForAFreshEnoughWindow();
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));

        for (int i = 1; i <= LIMIT; i++) {
            given().get(i % 2 == 0 ? "/api/products" : "/api/users/7").then().statusCode(200);
        }

        assertProblem(given().get("/api/users/7"), 429);
        assertProblem(given().get("/api/products"), 429);
    }

    /** The management port is not public: probes and scrapes are neither limited nor counted. */
    @Test
    void theManagementPortIsNeitherLimitedNorCounted() throws InterruptedException {
        waitForAFreshEnoughWindow();

        for (int i = 0; i < 2 * LIMIT; i++) {
            Response health = given().get(liveness);
            assertEquals(200, health.statusCode(), () -> liveness + " " + health.asString());
        }

        given().get("/api/products").then().statusCode(200).header("RateLimit-Remaining", Integer.toString(LIMIT - 1));
    }

    /**
     * Every request on the public port counts, whatever it is: OPTIONS, a method the route does not serve, a
     * path without a route (a scanner's), a management path. Only then is it answered.
     */
    @Test
    void everyRequestOnThePublicPortCountsOptionsAndUnknownPathsToo() throws InterruptedException {
        waitForAFreshEnoughWindow();

        given().options("/api/products").then().statusCode(204);
        assertProblem(given().get("/nope"), 404);
        assertProblem(given().get("/q/openapi"), 404);
        assertProblem(given().delete("/api/products"), 405);
        given().get("/api/products").then().statusCode(200).header("RateLimit-Remaining", "0");

        assertProblem(given().options("/api/users/7"), 429);
        assertProblem(given().get("/nope"), 429);
        assertProblem(given().get("/api/products"), 429);
    }

    @Test
    void withRedisCutRequestsPassQuicklyBeyondTheLimit() {
        redisProxy.cut();

        for (int i = 0; i < 2 * LIMIT; i++) {
            long start = System.nanoTime();
            int status = given().get("/api/products").statusCode();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, status);
            assertTrue(millis < 1_000, () -> "answered in " + millis + " ms");
        }
        wireMock.verify(2 * LIMIT, getRequestedFor(urlEqualTo("/products")));
    }

    @Test
    void limitingResumesWhenRedisComesBack() {
        redisProxy.cut();
        given().get("/api/products").then().statusCode(200);
        redisProxy.restore();

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/products").statusCode() == 429);
    }

    @Test
    void theRedisUnavailableFaultLetsRequestsPassBeyondTheLimitUntilSwitchedOff() throws Exception {
        waitForAFreshEnoughWindow();
        for (int i = 0; i < LIMIT; i++) {
            given().get("/api/products").then().statusCode(200);
        }
        assertProblem(given().get("/api/products"), 429);

        given().put(redisUnavailable).then().statusCode(200);
        try {
            for (int i = 0; i < 2; i++) {
                given().get("/api/products").then().statusCode(200);
            }
        } finally {
            given().delete(redisUnavailable).then().statusCode(204);
        }
        assertProblem(given().get("/api/products"), 429);
    }

    private static final String EVAL_LATENCY = "redis EVAL latency (injected fault)";

    private SpanData latencySpanOf(Response response) {
        String traceId = response.header("X-Trace-Id");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream()
                        .anyMatch(s -> s.getName().equals(EVAL_LATENCY)));
        return InMemorySpans.find(spans.ofTrace(traceId), s -> s.getName().equals(EVAL_LATENCY))
                .orElseThrow();
    }

    private static long durationMs(SpanData span) {
        return (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000;
    }

    @Test
    void theRedisLatencyFaultDelaysEachEvalInASpanAndBeyondTheTimeoutTheLimiterFailsOpen() throws Exception {
        waitForAFreshEnoughWindow();
        Response plain = given().get("/api/products");
        plain.then().statusCode(200);
        String plainTrace = plain.header("X-Trace-Id");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(plainTrace).stream().anyMatch(InMemorySpans.dbSystem("redis")));
        assertTrue(spans.ofTrace(plainTrace).stream().noneMatch(s -> s.getName().equals(EVAL_LATENCY)));

        given().queryParam("ms", 60).put(redisLatency).then().statusCode(200);
        try {
            // Below gateway.rate-limit.redis-timeout (200 ms): slower, and still limited.
            Response slow = given().get("/api/products");
            slow.then().statusCode(200);
            SpanData latency = latencySpanOf(slow);
            assertEquals(SpanKind.CLIENT, latency.getKind());
            assertEquals("redis", InMemorySpans.attribute(latency, "db.system"));
            assertEquals("EVAL", InMemorySpans.attribute(latency, "db.operation"));
            assertEquals("redis-latency", InMemorySpans.attribute(latency, "app.fault"));
            assertTrue(durationMs(latency) >= 60, () -> "latency span of " + durationMs(latency) + " ms");
            String traceId = slow.header("X-Trace-Id");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> spans.ofTrace(traceId).stream()
                            .anyMatch(s -> InMemorySpans.dbSystem("redis").test(s)
                                    && !s.getName().equals(EVAL_LATENCY)));
            SpanData eval = InMemorySpans.find(
                            spans.ofTrace(traceId),
                            s -> InMemorySpans.dbSystem("redis").test(s)
                                    && !s.getName().equals(EVAL_LATENCY))
                    .orElseThrow();
            assertTrue(eval.getStartEpochNanos() >= latency.getEndEpochNanos(), "EVAL is sent after the wait");
            for (int i = 2; i < LIMIT; i++) { // the plain request and the slow one counted already
                given().get("/api/products").then().statusCode(200);
            }
            assertProblem(given().get("/api/products"), 429);

            // Beyond it: the limiter gives up after 200 ms and lets requests through unchecked.
            given().queryParam("ms", 1000).put(redisLatency).then().statusCode(200);
            for (int i = 0; i < 2; i++) {
                Response open = given().get("/api/products");
                open.then().statusCode(200);
                SpanData cut = latencySpanOf(open);
                assertEquals(StatusCode.ERROR, cut.getStatus().getStatusCode());
                assertTrue(
                        durationMs(cut) >= 190 && durationMs(cut) < 900,
                        () -> "cut short by the 200 ms timeout, not " + durationMs(cut) + " ms");
            }
        } finally {
            given().delete(redisLatency).then().statusCode(204);
        }
        assertProblem(given().get("/api/products"), 429);
    }
}
