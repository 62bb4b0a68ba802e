package dev.obsdemo.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A fixed-window request counter per client in Redis, shared by every gateway instance: {@code INCR} on a
 * key named after the client and the current window, which expires with the window.
 *
 * <p>It fails open: when Redis is slow or down, requests are let through (an outage of the limiter must not
 * become an outage of the API), with one WARN line when that starts and one INFO line when it ends.
 */
@ApplicationScoped
public class RateLimiter {

    /** The verdict for one request; {@code retryAfterSeconds} is set when it is refused. */
    public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {
    }

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final long limit;
    private final Duration window;
    private final Duration redisTimeout;
    private final Clock clock;
    private final AtomicBoolean failingOpen = new AtomicBoolean();
    private final Counter allowed;
    private final Counter rejected;
    private final Counter unchecked;

    public RateLimiter(ReactiveRedisDataSource redis, MeterRegistry metrics,
            @ConfigProperty(name = "gateway.rate-limit.requests") long limit,
            @ConfigProperty(name = "gateway.rate-limit.window") Duration window,
            @ConfigProperty(name = "gateway.rate-limit.redis-timeout", defaultValue = "200ms") Duration redisTimeout) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.limit = limit;
        this.window = window;
        this.redisTimeout = redisTimeout;
        this.clock = Clock.systemUTC();
        this.allowed = decisions(metrics, "allowed");
        this.rejected = decisions(metrics, "rejected");
        this.unchecked = decisions(metrics, "failed_open");
    }

    private static Counter decisions(MeterRegistry metrics, String result) {
        return Counter.builder("rate_limit.requests")
                .description("Rate limiter decisions (failed_open: Redis unavailable, request let through)")
                .tag("result", result).register(metrics);
    }

    public long limit() {
        return limit;
    }

    public Uni<Decision> check(String client) {
        long windowMillis = window.toMillis();
        long now = clock.millis();
        long windowIndex = now / windowMillis;
        long retryAfterSeconds = Math.max(1, (windowMillis - now % windowMillis + 999) / 1000);
        String key = "gateway:rate-limit:" + client + ":" + windowIndex;
        return counters.incr(key)
                .call(count -> count == 1 ? keys.pexpire(key, windowMillis + 1000) : Uni.createFrom().voidItem())
                .ifNoItem().after(redisTimeout).fail()
                .map(count -> {
                    recovered();
                    if (count <= limit) {
                        allowed.increment();
                        return new Decision(true, limit - count, 0);
                    }
                    rejected.increment();
                    return new Decision(false, 0, retryAfterSeconds);
                })
                .onFailure().recoverWithItem(failure -> {
                    if (failingOpen.compareAndSet(false, true)) {
                        LOG.warnf("Rate limiting is OFF, letting every request through: Redis is unavailable (%s)", failure.toString());
                    }
                    unchecked.increment();
                    return new Decision(true, limit, 0);
                });
    }

    private void recovered() {
        if (failingOpen.compareAndSet(true, false)) {
            LOG.info("Rate limiting is back ON: Redis answers again");
        }
    }
}
