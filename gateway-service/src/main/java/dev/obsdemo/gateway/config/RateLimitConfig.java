package dev.obsdemo.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code gateway.rate-limit.*}: the fixed-window rate limit per client address. Each default is defined
 * once: {@code requests} and {@code window} in application.properties (where the environment variables
 * {@code RATE_LIMIT_REQUESTS} and {@code RATE_LIMIT_WINDOW} override them), {@code redis-timeout} here.
 */
@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

    /** Requests a client address may send per window (default 100). */
    long requests();

    /** The window's length, e.g. {@code 1s} (the default) or {@code 500ms}; windows are aligned on the epoch. */
    Duration window();

    /**
     * How long a check may wait for Redis before the request is let through unchecked: the limiter fails
     * open, so this is the most that Redis trouble adds to a request.
     */
    @WithDefault("200ms")
    Duration redisTimeout();
}
