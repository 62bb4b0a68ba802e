package dev.obsdemo.orders.domain;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static dev.obsdemo.orders.OrderRequests.REPLAYED;
import static dev.obsdemo.orders.OrderRequests.assertExactlyOneCreatedAndTheRestReplayed;
import static dev.obsdemo.orders.OrderRequests.assertProblem;
import static dev.obsdemo.orders.OrderRequests.concurrently;
import static dev.obsdemo.orders.OrderRequests.createOrder;
import static dev.obsdemo.orders.OrderRequests.isNumber;
import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.outcomeOf;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.orders.OrderRequests.Outcome;
import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Idempotency-Key handling with Redis available (see RedisOutageTest for Redis down). */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class IdempotencyTest extends OrderServiceTestBase {

    @Inject
    RedisDataSource redis;

    /** The Redis entry of a user's key, as IdempotencyStore names it: keys are scoped per user. */
    private static String redisKey(long userId, String key) {
        return "order-service:idempotency:" + userId + ":" + key;
    }

    @Test
    void aRetryWithTheSameKeyAndBodyReplaysTheFirstOrderWith200() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "BOOK-001", 2, "LAMP-001", 1);
        String key = newKey();

        Response first = placeOrder(body, key);
        first.then().statusCode(201).header(REPLAYED, nullValue());
        Response retry = placeOrder(body, key);

        retry.then().statusCode(200).header(REPLAYED, "true").header("Location", nullValue());
        assertEquals(first.jsonPath().getLong("id"), retry.jsonPath().getLong("id"));
        assertSameOrder(first, retry);
        assertEquals(1, Order.count("idempotencyKey", key));
        assertEquals(1, Order.count("userId", userId));
    }

    @Test
    void aReplayNeedsNoUserServiceAndSucceedsWhileItIsDown() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "BOOK-002", 1);
        String key = newKey();
        long id = placeOrder(body, key)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        wireMock.resetAll();
        wireMock.stubFor(get(anyUrl()).willReturn(serverError()));

        placeOrder(body, key).then().statusCode(200).header(REPLAYED, "true").body("id", isNumber(id));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theSameItemsInAnotherOrderAreTheSameRequest() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();

        Response first = placeOrder(orderBody(userId, "BOOK-001", 2, "MUG-001", 1, "STICKER-001", 5), key);
        first.then().statusCode(201);
        Response retry = placeOrder(orderBody(userId, "STICKER-001", 5, "BOOK-001", 2, "MUG-001", 1), key);

        retry.then().statusCode(200).header(REPLAYED, "true");
        assertSameOrder(first, retry);
        assertEquals(1, Order.count("idempotencyKey", key));
    }

    @Test
    void theSameKeyWithAnotherQuantityIsA422Problem() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();
        long id = placeOrder(orderBody(userId, "BOOK-001", 2), key)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        assertKeyReused(placeOrder(orderBody(userId, "BOOK-001", 3), key));

        assertEquals(1, Order.count("idempotencyKey", key));
        given().get("/orders/{id}", id).then().statusCode(200).body("items[0].quantity", equalTo(2)); // untouched
    }

    /**
     * A key is scoped per user (issue 11): the same key for another user is that user's own key and creates their
     * order; for the same user with another sku it is a reuse, a 422.
     */
    @Test
    void theSameKeyForAnotherSkuIsA422ProblemAndForAnotherUserAnotherKey() {
        long userId = randomUserId();
        long otherUser = randomUserId();
        stubUserExists(wireMock, userId);
        stubUserExists(wireMock, otherUser);
        String key = newKey();
        placeOrder(orderBody(userId, "BOOK-001", 2), key).then().statusCode(201);

        placeOrder(orderBody(otherUser, "BOOK-001", 2), key).then().statusCode(201);
        assertKeyReused(placeOrder(orderBody(userId, "BOOK-002", 2), key));
        assertKeyReused(placeOrder(orderBody(userId, "BOOK-001", 2, "MUG-001", 1), key));

        assertEquals(2, Order.count("idempotencyKey", key));
        assertEquals(1, Order.count("userId", userId));
        assertEquals(1, Order.count("userId", otherUser));
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyCreateExactlyOneOrder() throws Exception {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "HEADSET-001", 1, "SHIRT-001", 2);
        String key = newKey();

        List<Outcome> outcomes = concurrently(20, () -> {
            long started = System.nanoTime();
            return outcomeOf(placeOrder(body, key), started);
        });

        assertExactlyOneCreatedAndTheRestReplayed(outcomes);
        assertEquals(1, Order.count("idempotencyKey", key));
        assertEquals(1, Order.count("userId", userId));
        String hash = IdempotencyRules.requestHash(
                userId, List.of(new OrderLine("HEADSET-001", 1), new OrderLine("SHIRT-001", 2)));
        assertEquals(
                "done:" + hash + ":" + outcomes.get(0).orderId(),
                redis.value(String.class).get(redisKey(userId, key)));
    }

    @Test
    void whenRedisHasForgottenTheKeyTheDatabaseStillReplaysTheOrder() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "KEYB-001", 1);
        String key = newKey();
        Response first = placeOrder(body, key);
        first.then().statusCode(201);
        assertTrue(redis.value(String.class).get(redisKey(userId, key)).startsWith("done:"), "Redis knows the key");

        redis.key(String.class).del(redisKey(userId, key)); // evicted, expired or Redis restarted empty

        Response retry = placeOrder(body, key);
        retry.then().statusCode(200).header(REPLAYED, "true");
        assertSameOrder(first, retry);
        assertKeyReused(placeOrder(orderBody(userId, "KEYB-001", 2), key));
        assertEquals(1, Order.count("idempotencyKey", key));
    }

    @Test
    void aKeyThatRedisRemembersForAMissingOrderIsForgottenAndTheOrderCreated() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        List<OrderLine> lines = List.of(new OrderLine("BOOK-002", 1));
        String key = newKey();
        redis.value(String.class)
                .set(
                        redisKey(userId, key),
                        "done:" + IdempotencyRules.requestHash(userId, lines) + ":" + Long.MAX_VALUE,
                        new SetArgs().px(Duration.ofMinutes(1)));

        Response response = placeOrder(orderBody(userId, "BOOK-002", 1), key);

        response.then().statusCode(201);
        assertEquals(1, Order.count("idempotencyKey", key));
        assertEquals(
                "done:" + IdempotencyRules.requestHash(userId, lines) + ":"
                        + response.jsonPath().getLong("id"),
                redis.value(String.class).get(redisKey(userId, key)));
    }

    @Test
    void aKeyStillInProgressForTooLongIsA409ProblemWithRetryAfter() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();
        // Another request holds the key with the same body and never finishes (within the wait, CallPolicy).
        String hash = IdempotencyRules.requestHash(userId, List.of(new OrderLine("LAMP-001", 1)));
        redis.value(String.class)
                .set(redisKey(userId, key), "pending:" + hash, new SetArgs().px(Duration.ofSeconds(30)));
        try {
            long started = System.nanoTime();
            Response response = placeOrder(orderBody(userId, "LAMP-001", 1), key);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertProblem(response, 409).header("Retry-After", "1").body("type", endsWith("/idempotency-key-in-use"));
            long wait = CallPolicy.IDEMPOTENCY_WAIT_MS;
            assertTrue(
                    millis >= wait - 100 && millis < wait + 10_000,
                    "waited about " + wait + " ms for the other request: " + millis + " ms");
            assertEquals(0, Order.count("idempotencyKey", key));
            wireMock.verify(0, anyRequestedFor(anyUrl()));
        } finally {
            redis.key(String.class).del(redisKey(userId, key));
        }
    }

    @Test
    void aKeyInProgressWithAnotherBodyIsA422ProblemAtOnce() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();
        String otherHash = IdempotencyRules.requestHash(userId, List.of(new OrderLine("LAMP-001", 2)));
        redis.value(String.class)
                .set(redisKey(userId, key), "pending:" + otherHash, new SetArgs().px(Duration.ofSeconds(30)));
        try {
            long started = System.nanoTime();
            assertKeyReused(placeOrder(orderBody(userId, "LAMP-001", 1), key));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "no waiting");
            assertEquals(0, Order.count("idempotencyKey", key));
        } finally {
            redis.key(String.class).del(redisKey(userId, key));
        }
    }

    @Test
    void aRetryWaitsForTheRequestHoldingTheKeyAndReplaysItsOrder() throws Exception {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();
        String body = orderBody(userId, "MUG-001", 4);
        String hash = IdempotencyRules.requestHash(userId, List.of(new OrderLine("MUG-001", 4)));
        redis.value(String.class)
                .set(redisKey(userId, key), "pending:" + hash, new SetArgs().px(Duration.ofSeconds(30)));

        long started = System.nanoTime();
        CompletableFuture<Outcome> retry =
                CompletableFuture.supplyAsync(() -> outcomeOf(placeOrder(body, key), started));
        Thread.sleep(1_000);
        assertFalse(retry.isDone(), "the retry waits while the key is held");
        // The holder finishes: its order exists and Redis records it for the key.
        long holderOrder = createOrder(userId, "MUG-001", 4);
        redis.value(String.class)
                .set(
                        redisKey(userId, key),
                        "done:" + hash + ":" + holderOrder,
                        new SetArgs().px(Duration.ofMinutes(1)));

        Outcome outcome = retry.get(15, TimeUnit.SECONDS);
        assertEquals(200, outcome.status());
        assertEquals("true", outcome.replayed());
        assertEquals(holderOrder, outcome.orderId());
        assertTrue(
                outcome.millis() >= 1_000 && outcome.millis() < 5_000,
                "waited for the holder: " + outcome.millis() + " ms");
        assertEquals(0, Order.count("idempotencyKey", key), "the retry created nothing");
    }

    private static void assertKeyReused(Response response) {
        assertProblem(response, 422).body("type", endsWith("/idempotency-key-reused"));
    }

    private static void assertSameOrder(Response first, Response replay) {
        Map<String, Object> a = first.jsonPath().getMap("$");
        Map<String, Object> b = replay.jsonPath().getMap("$");
        assertEquals(a.keySet(), b.keySet());
        for (String field : List.of("id", "userId", "status", "totalCents", "items")) {
            assertEquals(a.get(field), b.get(field), field);
        }
        assertEquals(
                OffsetDateTime.parse((String) a.get("createdAt")).toInstant(),
                OffsetDateTime.parse((String) b.get("createdAt")).toInstant());
    }
}
