package dev.obsdemo.common.deadline;

import io.smallrye.common.vertx.ContextLocals;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link Deadline} of the request being handled, kept in the request's Vert.x duplicated context (as the
 * request ID is), so the code of the request reads it on any thread: outgoing calls
 * ({@code dev.obsdemo.common.resilience.Attempt}) and bounded waits (order-service's Idempotency-Key wait).
 */
public final class Deadlines {

    private static final String CONTEXT_KEY = "obsdemo.deadline";

    private Deadlines() {}

    static void bind(Deadline deadline) {
        ContextLocals.put(CONTEXT_KEY, deadline);
    }

    /** The current request's deadline; empty outside a request and for a request without one. */
    public static Optional<Deadline> current() {
        try {
            return ContextLocals.get(CONTEXT_KEY);
        } catch (UnsupportedOperationException notOnADuplicatedContext) {
            return Optional.empty();
        }
    }

    /** What is left of the current request's deadline; empty when it has none. */
    public static Optional<Duration> remaining() {
        return current().map(Deadline::remaining);
    }
}
