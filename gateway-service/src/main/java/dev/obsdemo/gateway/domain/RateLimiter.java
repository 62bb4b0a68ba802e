package dev.obsdemo.gateway.domain;

import dev.obsdemo.common.fault.FaultFlags;
import dev.obsdemo.gateway.config.RateLimitConfig;
import dev.obsdemo.gateway.telemetry.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A fixed-window request counter per client in Redis, shared by every gateway instance: {@code INCR} on a
 * key named after the client and the current {@link FixedWindow}, which expires shortly after the window.
 *
 * <p>Counting and expiring are one Lua script, which Redis runs atomically (Redis documentation, "Scripting with
 * Lua"): as two commands, a connection lost between {@code INCR} and {@code PEXPIRE} left a counter that never
 * expired. One {@code EVAL} is also one round trip; a {@code MULTI}/{@code EXEC} transaction would take four on a
 * connection of its own, which the fail-open timeout below could abandon half-way. The Quarkus Redis client has
 * no scripting command group, hence {@link ReactiveRedisDataSource#execute}.
 *
 * <p>It fails open: when Redis is slow or down, requests are let through (an outage of the limiter must not
 * become an outage of the API), with one WARN line when that starts and one INFO line when it ends.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final String KEY_PREFIX = "gateway:rate-limit:";
    /** A key outlives its window by a second, so that instances whose clocks differ slightly still share it. */
    private static final long KEY_GRACE_MILLIS = 1000;
    /**
     * KEYS[1]: the counter; ARGV[1]: milliseconds until it expires. Every request of a window sets the same
     * expiry instant (the window's end plus the grace), so the counter never outlives its window by more.
     */
    private static final String COUNT_AND_EXPIRE =
            "local count = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return count";

    private final ReactiveRedisDataSource redis;
    private final FaultFlags faults;
    private final RateLimitConfig config;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean failingOpen = new AtomicBoolean();
    private final Counter allowed;
    private final Counter rejected;
    private final Counter unchecked;

    public RateLimiter(
            ReactiveRedisDataSource redis, MeterRegistry metrics, RateLimitConfig config, FaultFlags faults) {
        this.faults = faults;
        this.redis = redis;
        this.config = config;
        this.allowed = decisions(metrics, GatewayMetrics.ALLOWED);
        this.rejected = decisions(metrics, GatewayMetrics.REJECTED);
        this.unchecked = decisions(metrics, GatewayMetrics.FAILED_OPEN);
    }

    private static Counter decisions(MeterRegistry metrics, String result) {
        return Counter.builder(GatewayMetrics.RATE_LIMIT_REQUESTS)
                .description("Rate limiter decisions (failed_open: Redis unavailable, request let through)")
                .tag(GatewayMetrics.RESULT, result)
                .register(metrics);
    }

    /** Requests a client may send per window ({@code gateway.rate-limit.requests}). */
    public long limit() {
        return config.requests();
    }

    /**
     * Counts one request of {@code client} and decides on it. Never fails: when Redis does not answer within
     * {@code gateway.rate-limit.redis-timeout}, the request is {@linkplain RateLimitDecision#unchecked allowed
     * unchecked}.
     *
     * @param client the client's address, part of the Redis key
     */
    public Uni<RateLimitDecision> check(String client) {
        FixedWindow window = FixedWindow.containing(clock.millis(), config.window());
        String key = KEY_PREFIX + client + ":" + window.index();
        String expiresInMillis = Long.toString(window.millisLeft() + KEY_GRACE_MILLIS);
        // The runtime fault redis-unavailable fails here as a Redis that is down would; redis-latency waits here,
        // before the timeout below, so its wait counts against gateway.rate-limit.redis-timeout as a slow Redis's
        // would: a latency above it makes the limiter fail open, which is the behaviour the fault is there to show.
        return Uni.createFrom()
                .voidItem()
                .invoke(() -> faults.failIfRedisUnavailable("EVAL"))
                .chain(() -> faults.redisLatency("EVAL"))
                .chain(() -> redis.execute("EVAL", COUNT_AND_EXPIRE, "1", key, expiresInMillis))
                .map(count -> count.toLong())
                .ifNoItem()
                .after(config.redisTimeout())
                .fail()
                .map(count -> {
                    recovered();
                    RateLimitDecision decision = RateLimitDecision.of(count, limit(), window);
                    (decision.allowed() ? allowed : rejected).increment();
                    return decision;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    if (failingOpen.compareAndSet(false, true)) {
                        LOG.warnf(
                                "Rate limiting is OFF, letting every request through: Redis is unavailable (%s)",
                                failure.toString());
                    }
                    unchecked.increment();
                    return RateLimitDecision.unchecked(limit());
                });
    }

    private void recovered() {
        if (failingOpen.compareAndSet(true, false)) {
            LOG.info("Rate limiting is back ON: Redis answers again");
        }
    }
}
