package dev.obsdemo.orders.domain;

import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.orders.domain.IdempotencyKeys.Claim;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Idempotency-Key lock in the real Redis: a request removes only the entry it wrote itself, never the lock
 * another request took after its own expired.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class IdempotencyLockTest extends OrderServiceTestBase {

    @Inject
    IdempotencyKeys keys;

    @Inject
    RedisDataSource redis;

    private static String redisKey(String key) {
        return "order-service:idempotency:" + key;
    }

    private String entry(String key) {
        return redis.value(String.class).get(redisKey(key));
    }

    /** Lets the key's entry expire in Redis, as a held key does after orders.idempotency.pending-ttl. */
    private void expire(String key) {
        redis.key().pexpire(redisKey(key), 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> entry(key) == null);
    }

    @Test
    void aRequestWhoseLockExpiredDoesNotReleaseTheLockOfTheRetryThatTookTheKey() {
        String key = newKey();
        // Both requests send the same body: the second is the client's retry of a first that is too slow.
        String hash = IdempotencyRules.requestHash(randomUserId(), List.of(new OrderLine("BOOK-001", 1)));
        Claim.Held first = assertInstanceOf(Claim.Held.class, keys.claim(key, hash));
        expire(key);
        Claim.Held retry = assertInstanceOf(Claim.Held.class, keys.claim(key, hash));
        String retrysLock = entry(key);
        assertNotNull(retrysLock);

        keys.release(first); // the first request fails late, long after its lock expired

        assertEquals(retrysLock, entry(key), "the retry still holds the key");
        keys.release(retry);
        assertNull(entry(key), "a holder releases its own lock");
    }

    @Test
    void twoHoldersOfTheSameKeyAndBodyHoldDifferentLocks() {
        String key = newKey();
        String hash = IdempotencyRules.requestHash(randomUserId(), List.of(new OrderLine("MUG-001", 2)));
        Claim.Held first = assertInstanceOf(Claim.Held.class, keys.claim(key, hash));
        String firstLock = entry(key);
        expire(key);
        Claim.Held second = assertInstanceOf(Claim.Held.class, keys.claim(key, hash));

        assertNotEquals(firstLock, entry(key), "the locks tell the holders apart");
        keys.release(second);
        keys.release(first);
        assertNull(entry(key));
    }

    @Test
    void forgettingAStaleOrderDoesNotDeleteTheLockOfARequestThatClaimedTheKeyMeanwhile() {
        long userId = randomUserId();
        String key = newKey();
        String hash = IdempotencyRules.requestHash(userId, List.of(new OrderLine("LAMP-001", 1)));
        // Redis remembers an order that the database does not have (restored from a backup, say).
        redis.value(String.class)
                .set(redisKey(key), "done:" + hash + ":" + Long.MAX_VALUE, new SetArgs().px(Duration.ofMinutes(1)));
        Claim.Replay stale = assertInstanceOf(Claim.Replay.class, keys.claim(key, hash));
        // Another request found the same stale entry first, dropped it and now holds the key.
        keys.forget(stale);
        Claim.Held other = assertInstanceOf(Claim.Held.class, keys.claim(key, hash));
        String othersLock = entry(key);

        keys.forget(stale); // the slower request drops what it read, late

        assertEquals(othersLock, entry(key), "the other request still holds the key");
        keys.release(other);
    }
}
