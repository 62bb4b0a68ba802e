package dev.obsdemo.orders.domain;

import dev.obsdemo.orders.config.OrdersConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Idempotency-Keys in Redis: who is creating the order for a key right now, and which order a key created.
 *
 * <p>A key moves from absent to {@code pending:<hash>} (one request holds it, atomically with
 * {@code SET NX}) to {@code done:<hash>:<orderId>}. The hash is the SHA-256 of the request body, so a reuse
 * of the key with another body is recognised. A pending entry expires by itself, so a crashed holder
 * never blocks a key for long.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** What the store knows about a key. */
    public sealed interface State {
        /** This request now holds the key: it creates the order, then calls {@code complete} or {@code release}. */
        record Acquired() implements State {
        }

        /** Another request holds the key with this body hash. */
        record Pending(String requestHash) implements State {
        }

        /** The key created this order from a body with this hash. */
        record Done(String requestHash, long orderId) implements State {
        }
    }

    private final ValueCommands<String, String> values;
    private final Duration pendingTtl;
    private final Duration doneTtl;

    public IdempotencyStore(RedisDataSource redis, OrdersConfig config) {
        this.values = redis.value(String.class);
        this.pendingTtl = config.idempotency().pendingTtl();
        this.doneTtl = config.idempotency().ttl();
    }

    @Timeout(500)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public State acquire(String key, String requestHash) {
        String previous = values.setGet(redisKey(key), "pending:" + requestHash, new SetArgs().nx().px(pendingTtl));
        return previous == null ? new State.Acquired() : parse(previous);
    }

    @Timeout(500)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public void complete(String key, String requestHash, long orderId) {
        values.set(redisKey(key), "done:" + requestHash + ":" + orderId, new SetArgs().px(doneTtl));
    }

    @Timeout(500)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public void release(String key) {
        values.getdel(redisKey(key));
    }

    private static State parse(String value) {
        String[] parts = value.split(":");
        return switch (parts[0]) {
            case "pending" -> new State.Pending(parts[1]);
            case "done" -> new State.Done(parts[1], Long.parseLong(parts[2]));
            default -> throw new IllegalStateException("Unexpected idempotency entry: " + value);
        };
    }

    private static String redisKey(String key) {
        return "order-service:idempotency:" + key;
    }
}
