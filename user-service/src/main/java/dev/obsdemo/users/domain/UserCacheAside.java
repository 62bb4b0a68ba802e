package dev.obsdemo.users.domain;

import dev.obsdemo.users.telemetry.UserMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The cache-aside rules for single users over {@link UserCache}: a read that Redis cannot answer is a miss, a
 * write or an eviction that fails is logged, and nothing here ever fails the request, because PostgreSQL has
 * every user anyway. Lookups are counted ({@code cache_requests_total}).
 *
 * <p>An eviction that fails (Redis down right after a change) is kept in {@link #pendingEvictions} and retried
 * before the cache is read again, so this instance never serves a user it changed in its stale form. Other
 * instances rely on the TTL; a read racing a write can also re-cache the old value until the TTL ends, the
 * usual cache-aside trade-off.
 */
@ApplicationScoped
class UserCacheAside {

    private static final Logger LOG = Logger.getLogger(UserCacheAside.class);

    private final UserCache cache;
    private final UserMetrics metrics;
    private final Set<Long> pendingEvictions = ConcurrentHashMap.newKeySet();

    UserCacheAside(UserCache cache, UserMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    /** The cached user; empty on a miss, while an eviction is pending, or when Redis cannot be asked. */
    Optional<UserView> read(long id) {
        if (!flushPendingEvictions()) {
            return Optional.empty();
        }
        try {
            Optional<UserView> cached = cache.get(id);
            metrics.cacheLookup(cached.isPresent());
            return cached;
        } catch (RuntimeException e) {
            metrics.cacheError();
            unavailable("read", e);
            return Optional.empty();
        }
    }

    /** Caches a user read from PostgreSQL, if Redis takes it. */
    void write(UserView user) {
        try {
            cache.put(user);
        } catch (RuntimeException e) {
            unavailable("write", e);
        }
    }

    /** Drops the cached copy of a user that changed, now or before the next read. */
    void evict(long id) {
        pendingEvictions.add(id);
        flushPendingEvictions();
    }

    /** True when no eviction is outstanding, so the cache may be read. */
    private boolean flushPendingEvictions() {
        for (Long id : pendingEvictions) {
            try {
                cache.evict(id);
                pendingEvictions.remove(id);
            } catch (RuntimeException e) {
                unavailable("evict", e);
                return false;
            }
        }
        return true;
    }

    private static void unavailable(String operation, RuntimeException e) {
        // Reads stay correct without the cache; say so without a stack trace on every request.
        LOG.warnf("Redis cache %s failed, using PostgreSQL only: %s", operation, e.toString());
    }
}
