package dev.obsdemo.gateway.domain;

import java.time.Duration;

/**
 * The rate limiter's arithmetic, pure: which fixed window an instant falls in and how long that window has
 * left. Windows are aligned on the epoch, so every gateway instance (and Redis) agrees on them without
 * coordination, provided their clocks agree.
 *
 * @param index the window's number since the epoch: {@code epochMillis / lengthMillis}, part of the Redis key
 * @param millisLeft from the instant to the window's end, 1 to the window's length
 */
public record FixedWindow(long index, long millisLeft) {

    /**
     * The window that contains an instant.
     *
     * @param epochMillis the instant, in milliseconds since the epoch
     * @param length the windows' length, at least 1 ms
     * @throws IllegalArgumentException for a length under 1 ms
     */
    public static FixedWindow containing(long epochMillis, Duration length) {
        long lengthMillis = length.toMillis();
        if (lengthMillis < 1) {
            throw new IllegalArgumentException("A rate-limit window must last at least 1 ms, not " + length);
        }
        return new FixedWindow(epochMillis / lengthMillis, lengthMillis - epochMillis % lengthMillis);
    }

    /**
     * The {@code Retry-After} for a request refused in this window: whole seconds until the next window,
     * rounded up and at least 1 (RFC 9110, section 10.2.3: a non-negative integer of seconds; 0 would invite
     * an immediate retry into the same window).
     */
    public long retryAfterSeconds() {
        return Math.max(1, (millisLeft + 999) / 1000);
    }
}
