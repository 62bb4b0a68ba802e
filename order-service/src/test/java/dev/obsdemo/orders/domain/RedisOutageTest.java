package dev.obsdemo.orders.domain;

import static dev.obsdemo.orders.OrderRequests.REPLAYED;
import static dev.obsdemo.orders.OrderRequests.assertExactlyOneCreatedAndTheRestReplayed;
import static dev.obsdemo.orders.OrderRequests.assertProblem;
import static dev.obsdemo.orders.OrderRequests.concurrently;
import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.outcomeOf;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.orders.OrderRequests.Outcome;
import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With Redis unreachable, the unique idempotency_key column alone keeps order creation exactly-once. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class RedisOutageTest extends OrderServiceTestBase {

    /** Generous: Redis calls are cut off at 500 ms, the whole request must never hang. */
    private static final long BOUND_MILLIS = 3_000;
    /** How IdempotencyStore names a key's entry; the key is the user's: {@code <prefix><userId>:<key>}. */
    private static final String REDIS_KEY_PREFIX = "order-service:idempotency:";

    @Inject
    RedisDataSource redis;

    @Test
    void withRedisDownARetryWithTheSameKeyIsReplayedFromTheDatabase() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "BOOK-001", 1, "MUG-001", 2);
        String key = newKey();
        redisProxy.cut();

        Outcome first = timed(body, key);
        Outcome retry = timed(body, key);

        assertEquals(201, first.status());
        assertNull(first.replayed());
        assertEquals(200, retry.status());
        assertEquals("true", retry.replayed());
        assertEquals(first.orderId(), retry.orderId());
        assertTrue(first.millis() < BOUND_MILLIS, "first answered in " + first.millis() + " ms");
        assertTrue(retry.millis() < BOUND_MILLIS, "retry answered in " + retry.millis() + " ms");
        assertEquals(1, Order.count("idempotencyKey", key));
        assertNull(redisEntryOnceRestored(userId, key), "Redis never saw the key: the database did the work");
    }

    @Test
    void withRedisDownTheSameKeyWithAnotherBodyIsStillA422Problem() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();
        redisProxy.cut();

        placeOrder(orderBody(userId, "BOOK-001", 1), key).then().statusCode(201).header(REPLAYED, nullValue());
        assertProblem(placeOrder(orderBody(userId, "BOOK-001", 9), key), 422)
                .body("type", endsWith("/idempotency-key-reused"));

        assertEquals(1, Order.count("idempotencyKey", key));
    }

    @Test
    void withRedisDownTenConcurrentRequestsWithOneKeyCreateExactlyOneOrder() throws Exception {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "SHIRT-001", 1);
        String key = newKey();
        redisProxy.cut();

        List<Outcome> outcomes = concurrently(10, () -> timed(body, key));

        assertExactlyOneCreatedAndTheRestReplayed(outcomes);
        outcomes.forEach(o -> assertTrue(o.millis() < 2 * BOUND_MILLIS, "answered in " + o.millis() + " ms"));
        assertEquals(1, Order.count("idempotencyKey", key));
        assertEquals(1, Order.count("userId", userId));
        assertNull(redisEntryOnceRestored(userId, key), "Redis never saw the key: the database did the work");
    }

    @Test
    void ordersWithoutAKeyAreUnaffectedByRedisBeingDown() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        redisProxy.cut();

        Outcome outcome = timed(orderBody(userId, "LAMP-001", 1), null);

        assertEquals(201, outcome.status());
        assertTrue(outcome.millis() < BOUND_MILLIS, "answered in " + outcome.millis() + " ms");
    }

    @Test
    void theIdempotencyStoreIsUsedAgainOnceRedisIsBack() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        redisProxy.cut();
        for (int i = 0; i < 5; i++) { // enough failures to open the Redis circuit breaker too
            assertEquals(201, timed(orderBody(userId, "BOOK-002", 1), newKey()).status());
        }

        redisProxy.restore();

        // Without a restart: new keys are recorded in Redis again (after the breaker's 5 s delay at most).
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    String key = newKey();
                    placeOrder(orderBody(userId, "BOOK-002", 1), key).then().statusCode(201);
                    String entry = redis.value(String.class).get(REDIS_KEY_PREFIX + userId + ":" + key);
                    return entry != null && entry.startsWith("done:");
                });
    }

    /** Gives Redis back and reads the key's entry (null when absent), allowing the client to reconnect. */
    private String redisEntryOnceRestored(long userId, String key) {
        redisProxy.restore();
        AtomicReference<String> entry = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .untilAsserted(() -> entry.set(redis.value(String.class).get(REDIS_KEY_PREFIX + userId + ":" + key)));
        return entry.get();
    }

    private static Outcome timed(String body, String key) {
        long started = System.nanoTime();
        return outcomeOf(placeOrder(body, key), started);
    }
}
