package dev.obsdemo.gateway.domain;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.gateway.config.RateLimitConfig;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter's Redis protocol against the real Redis (through the test's TCP proxy): whatever happens to
 * the connection, a counter never outlives its window, so no key is left behind for ever.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class RateLimiterRedisTest extends GatewayTestBase {

    /** The client address of every test request, as the limiter keys it. */
    private static final String CLIENT = "127.0.0.1";

    @Inject
    RedisDataSource redis;

    @Inject
    RateLimitConfig config;

    private String keyOf(long windowIndex) {
        return "gateway:rate-limit:" + CLIENT + ":" + windowIndex;
    }

    private long windowIndex() {
        return System.currentTimeMillis() / config.window().toMillis();
    }

    /** Redis' PTTL: the milliseconds the key has left, -1 for a key without an expiry, -2 for no key. */
    private long pttl(String key) {
        return redis.execute("PTTL", key).toLong();
    }

    /** Sleeps into the next window, so that the next request is the first of its window. */
    private void waitForANewWindow() throws InterruptedException {
        long length = config.window().toMillis();
        Thread.sleep(length - System.currentTimeMillis() % length + 20);
    }

    @Test
    void aConnectionLostBetweenCountingAndExpiringLeavesNoCounterThatNeverExpires() throws InterruptedException {
        wireMock.stubFor(get(urlEqualTo("/products")).willReturn(okJson("[]")));
        waitForANewWindow();
        long firstWindow = windowIndex();
        // The connection to Redis dies the moment the limiter sends the command that sets the counter's expiry.
        redisProxy.dropConnectionOnClientSending("PEXPIRE");

        assertEquals(200, given().get("/api/products").statusCode(), "the limiter fails open");
        long lastWindow = windowIndex();

        assertFalse(redisProxy.isDropArmed(), "the connection was dropped at the expiry command");
        List<String> counters = new ArrayList<>();
        for (long window = firstWindow; window <= lastWindow; window++) {
            counters.add(keyOf(window));
        }
        // -1: the key exists without an expiry; -2: no key; otherwise the milliseconds it has left.
        try {
            // Retried: the test's own Redis connection may be the one that was dropped.
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
                for (String counter : counters) {
                    long pttl = pttl(counter);
                    assertNotEquals(-1, pttl, counter + " exists without an expiry: it is never deleted");
                    assertTrue(pttl <= config.window().toMillis() + 1_000, counter + " expires in " + pttl + " ms");
                }
            });
        } finally {
            redis.key().del(counters.toArray(String[]::new));
        }
    }

    @Test
    void everyCounterExpiresShortlyAfterItsWindow() throws InterruptedException {
        wireMock.stubFor(get(urlEqualTo("/products")).willReturn(okJson("[]")));
        given().get("/api/products").then().statusCode(200); // a warm connection to Redis
        waitForANewWindow();
        long window = windowIndex();

        for (int i = 0; i < 3; i++) {
            given().get("/api/products").then().statusCode(200);
        }

        long pttl = pttl(keyOf(window));
        assertTrue(
                pttl > 0 && pttl <= config.window().toMillis() + 1_000,
                "the counter of the window expires within a window and a second: " + pttl + " ms");
    }
}
