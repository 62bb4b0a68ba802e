package dev.obsdemo.users.domain;

import dev.obsdemo.common.telemetry.AppAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Users in Redis, for cache-aside reads. Every method may throw when Redis is slow or down: the timeout
 * keeps a slow Redis from slowing reads down, and the circuit breaker stops asking a Redis that is down, so
 * the fallback to PostgreSQL (in {@link UserService}) costs nothing while it is open.
 */
@ApplicationScoped
public class UserCache {

    private final ValueCommands<String, UserView> values;
    private final KeyCommands<String> keys;
    private final Duration ttl;

    public UserCache(RedisDataSource redis, @ConfigProperty(name = "users.cache.ttl", defaultValue = "10m") Duration ttl) {
        this.values = redis.value(UserView.class);
        this.keys = redis.key();
        this.ttl = ttl;
    }

    @WithSpan("user cache lookup")
    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public Optional<UserView> get(@SpanAttribute("user.id") long id) {
        Optional<UserView> user = Optional.ofNullable(values.get(key(id)));
        Span.current().setAttribute(AppAttributes.CACHE_HIT, user.isPresent());
        return user;
    }

    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public void put(UserView user) {
        values.setex(key(user.id()), ttl.toSeconds(), user);
    }

    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public void evict(long id) {
        keys.del(key(id));
    }

    static String key(long id) {
        return "user-service:user:" + id;
    }
}
