package dev.obsdemo.orders.domain;

import dev.obsdemo.common.fault.FaultFlags;
import dev.obsdemo.orders.config.OrdersConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The Redis side of Idempotency-Keys: one entry per key ({@link IdempotencyEntry}) under
 * {@code order-service:idempotency:<key>}, each with a time to live, so Redis forgets keys by itself. The key is
 * the one {@code OrderPlacement} passes: a user's key, {@code <userId>:<Idempotency-Key>}.
 *
 * <p>Each call gives up after 500 ms and a circuit breaker stops calling a Redis that keeps failing; callers
 * treat any exception as "Redis is unavailable" ({@link IdempotencyKeys}), never as a failed request. The runtime
 * fault {@code redis-latency} waits before each command inside the guarded method
 * ({@link FaultFlags#delayIfRedisLatency}): its wait counts against the 500 ms cap, as a slow Redis's would, so a
 * latency above it shows the cap and the "Redis is unavailable" path at work rather than an order request that
 * waits for as long as the fault says.
 *
 * <p>An entry is removed only while it is still the one the caller read or wrote: compare-and-delete in one
 * Lua script, which Redis runs atomically (Redis documentation, "Scripting with Lua" and "Distributed Locks with
 * Redis"). A plain {@code DEL} would let a request whose entry expired delete the entry of the request that
 * took the key after it. The Quarkus Redis client has no scripting command group, hence {@code EVAL} through
 * {@link RedisDataSource#execute}.
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final String KEY_PREFIX = "order-service:idempotency:";
    /** KEYS[1]: the entry; ARGV[1]: the value it must still have. Returns how many keys it deleted (0 or 1). */
    private static final String DELETE_IF_UNCHANGED =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private final RedisDataSource redis;
    private final FaultFlags faults;
    private final ValueCommands<String, String> values;
    private final OrdersConfig.Idempotency config;

    public IdempotencyStore(RedisDataSource redis, OrdersConfig config, FaultFlags faults) {
        this.faults = faults;
        this.redis = redis;
        this.values = redis.value(String.class);
        this.config = config.idempotency();
    }

    /**
     * Stores {@code pending} for the key unless it has an entry already, atomically ({@code SET NX GET}); the
     * entry lives {@code orders.idempotency.pending-ttl}.
     *
     * @return the entry the key already had, or empty when this call stored {@code pending}: the caller holds the key
     */
    @Timeout(500)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public Optional<IdempotencyEntry> putIfAbsent(String key, IdempotencyEntry.Pending pending) {
        faults.failIfRedisUnavailable("SET");
        faults.delayIfRedisLatency("SET");
        String existing = values.setGet(
                KEY_PREFIX + key, pending.encode(), new SetArgs().nx().px(config.pendingTtl()));
        return Optional.ofNullable(existing).map(IdempotencyEntry::decode);
    }

    /** Records which order the key created; the entry lives {@code orders.idempotency.ttl}. */
    @Timeout(500)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public void put(String key, IdempotencyEntry.Done done) {
        faults.failIfRedisUnavailable("SET");
        faults.delayIfRedisLatency("SET");
        values.set(KEY_PREFIX + key, done.encode(), new SetArgs().px(config.ttl()));
    }

    /**
     * Removes the key's entry if it is still {@code expected}; leaves any other (another request's claim, or
     * the order the key created meanwhile) untouched.
     *
     * @return whether the entry was removed
     */
    @Timeout(500)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public boolean removeIfUnchanged(String key, IdempotencyEntry expected) {
        faults.failIfRedisUnavailable("EVAL");
        faults.delayIfRedisLatency("EVAL");
        return redis.execute("EVAL", DELETE_IF_UNCHANGED, "1", KEY_PREFIX + key, expected.encode())
                        .toLong()
                == 1;
    }
}
