package dev.obsdemo.common.resilience;

import dev.obsdemo.common.deadline.Deadline;
import dev.obsdemo.common.deadline.Deadlines;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * One attempt of a call between services: how long the caller waits for it and the budget it tells the callee
 * ({@value Deadline#HEADER}). The wait is the hop's per-attempt timeout ({@link CallPolicy}), cut to what is
 * left of the current request's {@link Deadline} (less what the caller still needs afterwards); the budget is the
 * wait less {@link CallPolicy#ANSWER_RESERVE_MS}, so the callee answers before the caller gives up.
 *
 * <p>{@link #bound} replaces SmallRye Fault Tolerance's {@code @Timeout} on these calls: that one fails the
 * result but leaves the HTTP call open until the REST client's read timeout (it cannot cancel a {@code Uni} it
 * did not create), so the callee kept working and its spans outlived the caller's. Mutiny's
 * {@code ifNoItem().after()} cancels the subscription, and the Quarkus REST client then resets the request
 * (quarkusio/quarkus#41971). The failure is MicroProfile's {@link TimeoutException}, so {@code @Retry(abortOn)},
 * the circuit breakers and the 503's detail treat it as before.
 *
 * @param timeout how long the caller waits for this attempt
 * @param budgetMillis what the callee is told, {@code timeout} less the reserve for the answer, in milliseconds
 */
public record Attempt(Duration timeout, long budgetMillis) {

    /** An attempt of {@code hop} with nothing else to do after it. */
    public static Attempt of(CallPolicy.Hop hop) {
        return of(hop, 0);
    }

    /**
     * An attempt of {@code hop} in the current request, which needs {@code afterwardsMillis} after the call (e.g.
     * its own insert) before its deadline.
     *
     * @throws DeadlineExceededException when the time left would not cover what the callee may need and its
     *     answer's way back: the call is not worth starting
     */
    public static Attempt of(CallPolicy.Hop hop, long afterwardsMillis) {
        Duration timeout = Duration.ofMillis(hop.timeoutMs());
        Optional<Duration> left = Deadlines.remaining();
        if (left.isPresent()) {
            Duration usable = left.get().minusMillis(afterwardsMillis);
            if (usable.compareTo(timeout) < 0) {
                long needed = hop.calleeWorstCaseMs() + CallPolicy.ANSWER_RESERVE_MS;
                if (usable.toMillis() < needed) {
                    throw new DeadlineExceededException(hop.call(), left.get(), needed + afterwardsMillis);
                }
                timeout = usable;
            }
        }
        return new Attempt(timeout, timeout.toMillis() - CallPolicy.ANSWER_RESERVE_MS);
    }

    /**
     * The call, failed with a {@link TimeoutException} and cancelled (the HTTP request reset) when it has not
     * answered within {@link #timeout()}.
     */
    public <T> Uni<T> bound(Uni<T> call) {
        return call.ifNoItem().after(timeout).failWith(() -> new TimeoutException("No answer within " + timeout));
    }
}
