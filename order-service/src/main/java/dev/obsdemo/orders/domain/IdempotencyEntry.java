package dev.obsdemo.orders.domain;

import java.util.UUID;

/**
 * What Redis holds for an Idempotency-Key, as the string value of its entry. A key moves from absent to
 * {@code pending:<hash>:<holder>} (one request holds it while it creates the order) to
 * {@code done:<hash>:<orderId>} (the order it created). The hash is {@link IdempotencyRules#requestHash}, 64
 * lower-case hex digits, so a reuse of the key with another body is recognised in either state.
 *
 * <p>The holder is a random token per claim: two requests with the same body that hold the key one after the
 * other (the first one's entry expired) write different entries, so each removes only its own
 * ({@link IdempotencyStore#removeIfUnchanged}), the usual rule for a lock in Redis (Redis documentation,
 * "Distributed Locks with Redis": release with a compare-and-delete, never a plain {@code DEL}).
 */
public sealed interface IdempotencyEntry {

    /** The SHA-256 of the body of the request that took the key, in hex. */
    String requestHash();

    /** The entry as Redis stores it. */
    String encode();

    /**
     * A request with this body hash holds the key and is creating its order.
     *
     * @param holder the claim's random token, without {@code :}; empty for an entry written before holders
     *     existed ({@code pending:<hash>}, which expires within {@code orders.idempotency.pending-ttl})
     */
    record Pending(String requestHash, String holder) implements IdempotencyEntry {

        /** A new claim's entry, with a holder token of its own. */
        public static Pending claimFor(String requestHash) {
            return new Pending(requestHash, UUID.randomUUID().toString());
        }

        @Override
        public String encode() {
            return holder.isEmpty() ? "pending:" + requestHash : "pending:" + requestHash + ":" + holder;
        }
    }

    /** The key created the order {@code orderId} from a body with this hash. */
    record Done(String requestHash, long orderId) implements IdempotencyEntry {
        @Override
        public String encode() {
            return "done:" + requestHash + ":" + orderId;
        }
    }

    /**
     * Reads an entry that {@link #encode} wrote.
     *
     * @throws IllegalStateException for any other value: something else wrote under our key prefix
     */
    static IdempotencyEntry decode(String value) {
        String[] parts = value.split(":", -1);
        try {
            if (parts[0].equals("pending") && (parts.length == 2 || parts.length == 3 && !parts[2].isEmpty())) {
                return new Pending(parts[1], parts.length == 3 ? parts[2] : "");
            }
            if (parts.length == 3 && parts[0].equals("done")) {
                return new Done(parts[1], Long.parseLong(parts[2]));
            }
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Unexpected idempotency entry: " + value, e);
        }
        throw new IllegalStateException("Unexpected idempotency entry: " + value);
    }
}
