package dev.obsdemo.common.deadline;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The instant by which a request must be answered, because its caller stops waiting then. It travels between
 * the services as a relative budget, the header {@value #HEADER}: the whole milliseconds the caller will still
 * wait for the answer, counted from when it sends the request. Relative, not a timestamp, as gRPC's
 * {@code grpc-timeout} and Envoy's {@code x-envoy-expected-rq-timeout-ms} are, so that hosts whose clocks
 * differ still agree; each hop turns it into an instant of its own monotonic clock ({@link System#nanoTime}) on
 * arrival, so the time the request spent queued in the service counts against it.
 *
 * @param nanoTime the instant, on the {@link System#nanoTime} clock of this process
 */
public record Deadline(long nanoTime) {

    /** The request header that carries a caller's budget, in whole milliseconds. */
    public static final String HEADER = "X-Request-Timeout-Ms";

    /** The largest budget a header may give: a minute, longer than any timeout of this system. */
    public static final long MAX_BUDGET_MS = 60_000;

    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,9}");

    /** The deadline {@code budget} from now. */
    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /**
     * The budget a {@value #HEADER} value gives: 1 to {@link #MAX_BUDGET_MS} milliseconds, or empty for anything
     * else (absent, not a plain number, 0, over the maximum), which is then ignored as if it were absent. A
     * caller sends no 0: with no time left it does not call.
     */
    public static Optional<Duration> parseBudget(String header) {
        if (header == null || !MILLIS.matcher(header.trim()).matches()) {
            return Optional.empty();
        }
        long millis = Long.parseLong(header.trim());
        return millis >= 1 && millis <= MAX_BUDGET_MS ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }

    /** This deadline or {@code other}, whichever comes first. */
    public Deadline earlierOf(Deadline other) {
        return other.nanoTime - nanoTime < 0 ? other : this;
    }

    /** The time left until the deadline; zero once it has passed. */
    public Duration remaining() {
        long nanos = nanoTime - System.nanoTime();
        return nanos > 0 ? Duration.ofNanos(nanos) : Duration.ZERO;
    }

    /** Whether the deadline has passed: nobody waits for the answer any more. */
    public boolean hasPassed() {
        return nanoTime - System.nanoTime() <= 0;
    }
}
