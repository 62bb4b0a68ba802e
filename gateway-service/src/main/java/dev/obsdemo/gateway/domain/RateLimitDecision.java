package dev.obsdemo.gateway.domain;

/**
 * The rate limiter's verdict for one request.
 *
 * @param allowed whether the request may go on
 * @param remaining requests the client has left in the current window (the {@code RateLimit-Remaining} header)
 * @param retryAfterSeconds for a refused request, the {@code Retry-After} in seconds; 0 when allowed
 */
public record RateLimitDecision(boolean allowed, long remaining, long retryAfterSeconds) {

    /**
     * The verdict for the {@code count}-th request of a client in {@code window}: allowed up to the limit,
     * refused after it until the next window.
     *
     * @param count the client's requests in this window, this one included (1 for the first)
     * @param limit requests allowed per window
     */
    public static RateLimitDecision of(long count, long limit, FixedWindow window) {
        if (count <= limit) {
            return new RateLimitDecision(true, limit - count, 0);
        }
        return new RateLimitDecision(false, 0, window.retryAfterSeconds());
    }

    /** A request let through without counting it, because Redis did not answer (the limiter fails open). */
    public static RateLimitDecision unchecked(long limit) {
        return new RateLimitDecision(true, limit, 0);
    }
}
