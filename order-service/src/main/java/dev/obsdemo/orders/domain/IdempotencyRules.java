package dev.obsdemo.orders.domain;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.orders.domain.IdempotencyKeys.Claim;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules of the Idempotency-Key protocol as pure functions, without Redis, a database or a clock:
 * {@link IdempotencyKeys} and {@link OrderPlacement} apply them. The status codes follow the IETF draft
 * "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header, "Error Scenarios"): 422
 * for a key reused with another payload, 409 for a retry while the first request is still being processed.
 */
final class IdempotencyRules {

    /** The 409's {@code Retry-After}, in seconds: the holder is likely done by then. */
    static final int RETRY_AFTER_SECONDS = 1;

    /** The protocol's next step after one {@code SET NX}: see {@link #decide}. */
    sealed interface Next {

        /** Stop: the request goes on with this claim. */
        record Answer(Claim claim) implements Next {}

        /** Another request with the same body holds the key: ask again after a pause. */
        record Wait() implements Next {}

        /** Stop: the request is refused with this problem. */
        record Reject(ProblemException problem) implements Next {}
    }

    private IdempotencyRules() {}

    /**
     * What one {@code SET NX} of {@code lock} that found {@code existing} means for a request with this key.
     *
     * @param lock the entry this request tries to store: its body hash and its holder token
     * @param existing the entry the key had; empty when {@code lock} was stored
     * @param waitIsOver whether {@code orders.idempotency.wait} has passed since the request first asked
     * @return {@link Claim.Held} when the key is this request's, {@link Claim.Replay} when it created an order
     *         from the same body, a wait while a request with the same body holds it, a 422 ({@link #keyReused})
     *         for another body, and a 409 ({@link #stillInProgress}) once the wait is over
     */
    static Next decide(
            String key, IdempotencyEntry.Pending lock, Optional<IdempotencyEntry> existing, boolean waitIsOver) {
        if (existing.isEmpty()) {
            return new Next.Answer(new Claim.Held(key, lock));
        }
        IdempotencyEntry entry = existing.get();
        if (!entry.requestHash().equals(lock.requestHash())) {
            return new Next.Reject(keyReused());
        }
        if (entry instanceof IdempotencyEntry.Done done) {
            return new Next.Answer(new Claim.Replay(key, done));
        }
        return waitIsOver ? new Next.Reject(stillInProgress()) : new Next.Wait();
    }

    /**
     * The SHA-256, in 64 lower-case hex digits, of the order a request asks for: the user and every sku with
     * its quantity, sorted by sku, so the same items in another order are the same request. The canonical form
     * {@code 7|BOOK-001x2,MUG-001x1} is unambiguous because a sku is upper-case letters, digits and {@code -}
     * ({@code OrderRequest}). The hash is stored with the order ({@code orders.request_hash}) and in Redis:
     * changing the canonical form would turn every genuine retry of a key stored before into a 422.
     */
    static String requestHash(long userId, List<OrderLine> lines) {
        String canonical = userId + "|"
                + lines.stream()
                        .sorted(Comparator.comparing(OrderLine::sku))
                        .map(l -> l.sku() + "x" + l.quantity())
                        .collect(Collectors.joining(","));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** 422 {@code idempotency-key-reused}: the key was used for another body; a new order needs a new key. */
    static ProblemException keyReused() {
        return ProblemException.unprocessable(
                "idempotency-key-reused",
                "This Idempotency-Key was used for a different request; use a new key for a new order");
    }

    /** 409 {@code idempotency-key-in-use} with {@code Retry-After}: the same request, sent again later, will succeed. */
    static ProblemException stillInProgress() {
        return ProblemException.conflictRetryLater(
                "idempotency-key-in-use",
                "A request with this Idempotency-Key is still being processed; retry later",
                RETRY_AFTER_SECONDS);
    }
}
