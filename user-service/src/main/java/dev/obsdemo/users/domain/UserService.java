package dev.obsdemo.users.domain;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.SqlErrors;
import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.users.telemetry.UserMetrics;
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
import org.jboss.logging.Logger;

/**
 * Users: PostgreSQL is the truth, Redis a cache-aside copy of single users ({@link UserCacheAside}) that may be
 * missing at any time. A change evicts the cached copy after it commits. E-mail addresses are kept trimmed and
 * lower-case, so the unique column refuses the same address in another case.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserCacheAside cache;
    private final UserMetrics metrics;

    public UserService(UserCacheAside cache, UserMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    /**
     * Creates a user with the name trimmed and the e-mail trimmed and lower-cased.
     *
     * @throws ProblemException 409 {@code duplicate-email} when a user has that address already
     */
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
            metrics.userCreated();
            Span.current().setAttribute(AppAttributes.USER_ID, Long.toString(created.id()));
            LOG.infof("User %d created", created.id());
            return created;
        } catch (RuntimeException e) {
            throw translateDuplicateEmail(e);
        }
    }

    /** The user, from Redis when it has it, else from PostgreSQL (and then cached); empty when there is none. */
    public Optional<UserView> find(long id) {
        Optional<UserView> cached = cache.read(id);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<UserView> user = User.<User>findByIdOptional(id).map(UserView::of);
        user.ifPresent(cache::write);
        return user;
    }

    /**
     * Replaces a user's name and e-mail (normalized as in {@link #create}) and evicts the cached copy.
     *
     * @throws ProblemException 404 {@code not-found} when there is no such user, 409 {@code duplicate-email} when
     *         another user has that address
     */
    public UserView update(long id, String name, String email) {
        String normalizedEmail = email.trim().toLowerCase(Locale.ROOT);
        UserView updated;
        try {
            updated = QuarkusTransaction.requiringNew().call(() -> {
                User user = User.<User>findByIdOptional(id)
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
        cache.evict(id);
        LOG.infof("User %d updated", id);
        return updated;
    }

    /** Page {@code page} (from 0) of {@code size} users, oldest first (by ID); empty past the last page. */
    public List<UserView> list(int page, int size) {
        return User.<User>findAll(Sort.by("id")).page(Page.of(page, size)).stream()
                .map(UserView::of)
                .toList();
    }

    /** How many users exist. */
    public long count() {
        return User.count();
    }

    private static RuntimeException translateDuplicateEmail(RuntimeException e) {
        return SqlErrors.isUniqueViolation(e)
                ? ProblemException.conflict("duplicate-email", "A user with this e-mail address already exists")
                : e;
    }
}
