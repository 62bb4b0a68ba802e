package dev.obsdemo.users.domain;

import dev.obsdemo.common.fault.FaultFlags;
import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.users.config.UsersConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Users in Redis, for cache-aside reads, as JSON under {@code user-service:user:<id>} for {@code users.cache.ttl}
 * ({@code UsersConfig}). Every method may throw when Redis is slow or down: the timeout (250 ms) keeps a slow
 * Redis from slowing reads down, and the circuit breaker stops asking a Redis that is down, so the fallback to
 * PostgreSQL ({@link UserCacheAside}) costs nothing while it is open. The runtime fault {@code redis-unavailable}
 * makes every method throw before it sends its command ({@link FaultFlags#failIfRedisUnavailable}).
 *
 * <p>The runtime fault {@code redis-latency} waits before each command ({@link FaultFlags#delayIfRedisLatency}),
 * inside the method, so the wait counts against the 250 ms timeout exactly as a slow Redis would: below it reads
 * just get slower; above it the timeout fires, the read falls back to PostgreSQL and the circuit breaker opens,
 * which is what the timeout is there for and what the fault lets one watch. Keeping the wait outside the timeout
 * would show a slow cache that nothing protects against, which this service does not have.
 */
@ApplicationScoped
public class UserCache {

    private final ValueCommands<String, UserView> values;
    private final KeyCommands<String> keys;
    private final Duration ttl;
    private final FaultFlags faults;

    public UserCache(RedisDataSource redis, UsersConfig config, FaultFlags faults) {
        this.faults = faults;
        this.values = redis.value(UserView.class);
        this.keys = redis.key();
        this.ttl = config.cache().ttl();
    }

    /** The cached user, or empty on a miss; a span {@code user cache lookup} with {@code user.id} and {@code app.cache.hit}. */
    @WithSpan("user cache lookup")
    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public Optional<UserView> get(long id) {
        Span.current().setAttribute(AppAttributes.USER_ID, Long.toString(id));
        faults.failIfRedisUnavailable("GET");
        faults.delayIfRedisLatency("GET");
        Optional<UserView> user = Optional.ofNullable(values.get(key(id)));
        Span.current().setAttribute(AppAttributes.CACHE_HIT, user.isPresent());
        return user;
    }

    /** Caches a user for {@code users.cache.ttl}. */
    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public void put(UserView user) {
        faults.failIfRedisUnavailable("SETEX");
        faults.delayIfRedisLatency("SETEX");
        values.setex(key(user.id()), ttl.toSeconds(), user);
    }

    /** Drops the cached copy of a user, if there is one. */
    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public void evict(long id) {
        faults.failIfRedisUnavailable("DEL");
        faults.delayIfRedisLatency("DEL");
        keys.del(key(id));
    }

    /** The Redis key of a user: prefixed by the service, as every service shares one Redis. */
    static String key(long id) {
        return "user-service:user:" + id;
    }
}
