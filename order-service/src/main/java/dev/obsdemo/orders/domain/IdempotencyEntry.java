package dev.obsdemo.orders.domain;

/**
 * What Redis holds for an Idempotency-Key, as the string value of its entry. A key moves from absent to
 * {@code pending:<hash>} (one request holds it while it creates the order) to {@code done:<hash>:<orderId>}
 * (the order it created). The hash is {@link IdempotencyKeys#requestHash}, 64 lower-case hex digits, so a reuse
 * of the key with another body is recognised in either state.
 */
public sealed interface IdempotencyEntry {

    /** The SHA-256 of the body of the request that took the key, in hex. */
    String requestHash();

    /** The entry as Redis stores it. */
    String encode();

    /** A request with this body hash holds the key and is creating its order. */
    record Pending(String requestHash) implements IdempotencyEntry {
        @Override
        public String encode() {
            return "pending:" + requestHash;
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
            if (parts.length == 2 && parts[0].equals("pending")) {
                return new Pending(parts[1]);
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
