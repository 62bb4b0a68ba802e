package dev.obsdemo.orders.domain;

import dev.obsdemo.common.deadline.Deadline;
import dev.obsdemo.common.deadline.Deadlines;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.orders.config.OrdersConfig;
import dev.obsdemo.orders.domain.IdempotencyRules.Next;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Idempotency-Key protocol, Redis layer: one request at a time works on a key ({@code SET NX}), a retry
 * with the same body gets the order the key created, also while the first request is still running (it waits
 * up to {@code orders.idempotency.wait}), and the same key with another body is refused. The rules are
 * {@link IdempotencyRules}; this class applies them to {@link IdempotencyStore}.
 *
 * <p>Redis is a help, not a requirement: when it does not answer, {@link #claim} says so
 * ({@link Claim.Unavailable}) and the unique {@code idempotency_key} column alone keeps creation exactly-once
 * ({@link OrderPlacement}). A failure to record or drop a key is logged and ignored for the same reason.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    /** How often a waiting retry asks Redis again: short against the time an order takes to create. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** What a request with an Idempotency-Key may do, as {@link #claim} found it. */
    public sealed interface Claim {

        /**
         * This request holds the key with {@code lock}, its own entry: it creates the order, then calls
         * {@link IdempotencyKeys#complete} or {@link IdempotencyKeys#release}.
         */
        record Held(String key, IdempotencyEntry.Pending lock) implements Claim {

            /** The hash of the request's order. */
            public String requestHash() {
                return lock.requestHash();
            }
        }

        /** The key already created an order from the same body, as {@code entry} in Redis says: answer with it. */
        record Replay(String key, IdempotencyEntry.Done entry) implements Claim {

            /** The order the key created. */
            public long orderId() {
                return entry.orderId();
            }
        }

        /** Redis did not answer: nothing coordinates concurrent requests, the database constraint alone must. */
        record Unavailable() implements Claim {}
    }

    private final IdempotencyStore store;
    private final Duration waitForHolder;

    public IdempotencyKeys(IdempotencyStore store, OrdersConfig config) {
        this.store = store;
        this.waitForHolder = config.idempotency().waitForHolder();
    }

    /**
     * Takes the key for this request, or finds what it may answer instead, waiting while a request with the
     * same body holds the key.
     *
     * @param key the Idempotency-Key header, already validated
     * @param requestHash {@link IdempotencyRules#requestHash} of the request's order
     * @throws ProblemException 422 {@code idempotency-key-reused} when the key was taken with another body;
     *         409 {@code idempotency-key-in-use} with {@code Retry-After: 1} when the holder has not finished
     *         within {@code orders.idempotency.wait} or by the request's deadline, whichever is first; 503 when
     *         the thread is interrupted while it waits
     */
    public Claim claim(String key, String requestHash) {
        // The wait ends at orders.idempotency.wait or at the request's deadline, whichever comes first: nobody
        // waits for an answer after that.
        Deadline waitEnds = Deadline.after(waitForHolder);
        Deadline deadline = Deadlines.current().map(waitEnds::earlierOf).orElse(waitEnds);
        IdempotencyEntry.Pending lock = IdempotencyEntry.Pending.claimFor(requestHash);
        while (true) {
            Optional<IdempotencyEntry> existing;
            try {
                existing = store.putIfAbsent(key, lock);
            } catch (RuntimeException e) {
                redisUnavailable("acquire", e);
                return new Claim.Unavailable();
            }
            Next next = IdempotencyRules.decide(key, lock, existing, deadline.hasPassed());
            if (next instanceof Next.Answer answer) {
                return answer.claim();
            }
            if (next instanceof Next.Reject reject) {
                throw reject.problem();
            }
            // Never past the end of the wait: the last poll comes at that instant, not up to a poll later.
            sleep(Collections.min(List.of(POLL_INTERVAL, deadline.remaining())));
        }
    }

    /** Records that the held key created this order: Redis answers retries for {@code orders.idempotency.ttl}. */
    public void complete(Claim.Held held, long orderId) {
        try {
            // Unconditional: the database lets one order in per key, so this is the key's order even when this
            // request's lock expired meanwhile.
            store.put(held.key(), new IdempotencyEntry.Done(held.requestHash(), orderId));
        } catch (RuntimeException e) {
            redisUnavailable("complete", e); // the database row still answers later retries
        }
    }

    /**
     * Gives the key up without an order of its own, so that a retry can take it at once; only while the key
     * still holds this request's lock (a lock that expired may belong to another request by now).
     */
    public void release(Claim.Held held) {
        remove(held.key(), held.lock());
    }

    /**
     * Drops a key whose order the database does not have (restored from a backup, or deleted), so it can be
     * claimed again; only while the key still has the entry this request read.
     */
    public void forget(Claim.Replay replay) {
        remove(replay.key(), replay.entry());
    }

    private void remove(String key, IdempotencyEntry expected) {
        try {
            store.removeIfUnchanged(key, expected);
        } catch (RuntimeException e) {
            redisUnavailable("release", e); // a pending entry expires by itself
        }
    }

    private static void redisUnavailable(String operation, RuntimeException e) {
        LOG.warnf("Redis idempotency %s failed, relying on the database constraint: %s", operation, e.toString());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.serviceUnavailable("Interrupted while waiting for a concurrent request", e);
        }
    }
}
