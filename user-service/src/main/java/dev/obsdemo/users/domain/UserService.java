package dev.obsdemo.users.domain;

import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.SqlErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Users: PostgreSQL is the truth, Redis a cache-aside copy of single users that may be missing at any time.
 *
 * <p>A change evicts the cached copy after it commits. If Redis is down at that moment the eviction is kept
 * in {@link #pendingEvictions} and retried before the cache is read again, so this instance never serves a
 * user it changed in its stale form. (Other instances rely on the TTL; a read racing a write can also
 * re-cache the old value until the TTL ends, the usual cache-aside trade-off.)
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserCache cache;
    private final Set<Long> pendingEvictions = ConcurrentHashMap.newKeySet();
    private final Counter usersCreated;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter cacheErrors;

    public UserService(UserCache cache, MeterRegistry metrics) {
        this.cache = cache;
        this.usersCreated = Counter.builder("users.created").description("Users created").register(metrics);
        this.cacheHits = cacheCounter(metrics, "hit");
        this.cacheMisses = cacheCounter(metrics, "miss");
        this.cacheErrors = cacheCounter(metrics, "error");
    }

    private static Counter cacheCounter(MeterRegistry metrics, String result) {
        return Counter.builder("cache.requests").description("User cache lookups by result (error: Redis unavailable)")
                .tag("cache", "users").tag("result", result).register(metrics);
    }

    public UserView create(String name, String email) {
        String normalizedEmail = email.trim().toLowerCase(Locale.ROOT);
        try {
            UserView created = QuarkusTransaction.requiringNew().call(() -> {
                User user = new User();
                user.name = name.trim();
                user.email = normalizedEmail;
                user.createdAt = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
                user.updatedAt = user.createdAt;
                user.persistAndFlush();
                return UserView.of(user);
            });
            usersCreated.increment();
            Span.current().setAttribute(AppAttributes.USER_ID, Long.toString(created.id()));
            LOG.infof("User %d created", created.id());
            return created;
        } catch (RuntimeException e) {
            throw translateDuplicateEmail(e);
        }
    }

    public Optional<UserView> find(long id) {
        Optional<UserView> cached = readCache(id);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<UserView> user = User.<User> findByIdOptional(id).map(UserView::of);
        user.ifPresent(this::writeCache);
        return user;
    }

    public UserView update(long id, String name, String email) {
        String normalizedEmail = email.trim().toLowerCase(Locale.ROOT);
        UserView updated;
        try {
            updated = QuarkusTransaction.requiringNew().call(() -> {
                User user = User.<User> findByIdOptional(id)
                        .orElseThrow(() -> ProblemException.notFound("User " + id + " does not exist"));
                user.name = name.trim();
                user.email = normalizedEmail;
                user.updatedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
                user.flush();
                return UserView.of(user);
            });
        } catch (RuntimeException e) {
            throw translateDuplicateEmail(e);
        }
        evict(id);
        LOG.infof("User %d updated", id);
        return updated;
    }

    public List<UserView> list(int page, int size) {
        return User.<User> findAll(Sort.by("id")).page(Page.of(page, size)).stream().map(UserView::of).toList();
    }

    public long count() {
        return User.count();
    }

    private Optional<UserView> readCache(long id) {
        if (!flushPendingEvictions()) {
            return Optional.empty();
        }
        try {
            Optional<UserView> cached = cache.get(id);
            (cached.isPresent() ? cacheHits : cacheMisses).increment();
            return cached;
        } catch (RuntimeException e) {
            cacheErrors.increment();
            cacheUnavailable("read", e);
            return Optional.empty();
        }
    }

    private void writeCache(UserView user) {
        try {
            cache.put(user);
        } catch (RuntimeException e) {
            cacheUnavailable("write", e);
        }
    }

    private void evict(long id) {
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
                cacheUnavailable("evict", e);
                return false;
            }
        }
        return true;
    }

    private static void cacheUnavailable(String operation, RuntimeException e) {
        // Reads stay correct without the cache; say so without a stack trace on every request.
        LOG.warnf("Redis cache %s failed, using PostgreSQL only: %s", operation, e.toString());
    }

    private static RuntimeException translateDuplicateEmail(RuntimeException e) {
        return SqlErrors.isUniqueViolation(e)
                ? ProblemException.conflict("duplicate-email", "A user with this e-mail address already exists")
                : e;
    }
}
