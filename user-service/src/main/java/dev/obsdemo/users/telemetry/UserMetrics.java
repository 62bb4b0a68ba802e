package dev.obsdemo.users.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * user-service's business metrics, each name defined and documented here once. Names are Micrometer's;
 * Prometheus shows them with underscores and counters with {@code _total}. Every series is registered when the
 * service starts using this bean, so it reads 0 before the first event rather than being absent.
 */
@Singleton
public class UserMetrics {

    /** {@code users_created_total}: users created (a counter, no unit). */
    public static final String USERS_CREATED = "users.created";

    /**
     * {@code cache_requests_total{cache="users", result}}: lookups of a single user in the Redis cache, by
     * {@link #RESULT_TAG result} (a counter, no unit).
     */
    public static final String CACHE_REQUESTS = "cache.requests";
    /** Tag of {@link #CACHE_REQUESTS}: which cache, {@value #USERS_CACHE} here. */
    public static final String CACHE_TAG = "cache";
    /** The value of {@link #CACHE_TAG} for user-service's cache of single users. */
    public static final String USERS_CACHE = "users";
    /**
     * Tag of {@link #CACHE_REQUESTS}: {@code hit}, {@code miss}, or {@code error} when Redis could not be asked
     * (the read went to PostgreSQL).
     */
    public static final String RESULT_TAG = "result";

    private final Counter usersCreated;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter cacheErrors;

    public UserMetrics(MeterRegistry registry) {
        this.usersCreated =
                Counter.builder(USERS_CREATED).description("Users created").register(registry);
        this.cacheHits = cacheRequests(registry, "hit");
        this.cacheMisses = cacheRequests(registry, "miss");
        this.cacheErrors = cacheRequests(registry, "error");
    }

    private static Counter cacheRequests(MeterRegistry registry, String result) {
        return Counter.builder(CACHE_REQUESTS)
                .description("User cache lookups by result (error: Redis unavailable)")
                .tag(CACHE_TAG, USERS_CACHE)
                .tag(RESULT_TAG, result)
                .register(registry);
    }

    /** Counts a user committed to the database. */
    public void userCreated() {
        usersCreated.increment();
    }

    /** Counts a cache lookup: a hit when Redis had the user, else a miss. */
    public void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    /** Counts a cache lookup that failed because Redis was slow, down or its circuit breaker open. */
    public void cacheError() {
        cacheErrors.increment();
    }
}
