package dev.obsdemo.common.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

/** An attempt outside a request with a deadline: the hop's timeout, its budget, and a call cancelled at the timeout. */
class AttemptTest {

    @Test
    void withoutADeadlineAnAttemptWaitsTheHopsTimeoutAndTellsTheCalleeItLessTheReserve() {
        Attempt attempt = Attempt.of(CallPolicy.GATEWAY_PLACE_ORDER);

        assertThat(attempt.timeout()).isEqualTo(Duration.ofMillis(CallPolicy.GATEWAY_PLACE_ORDER_TIMEOUT_MS));
        assertThat(attempt.budgetMillis()).isEqualTo(CallPolicy.GATEWAY_PLACE_ORDER.budgetMs());
    }

    @Test
    void aCallThatDoesNotAnswerInTimeFailsWithATimeoutAndIsCancelled() {
        CallPolicy.Hop fast = new CallPolicy.Hop("a", "b GET /x", 300, 0, 10, 1_000, 0);
        AtomicBoolean cancelled = new AtomicBoolean();
        Uni<String> never = Uni.createFrom().<String>nothing().onCancellation().invoke(() -> cancelled.set(true));

        long started = System.nanoTime();
        assertThatThrownBy(() -> Attempt.of(fast).bound(never).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(TimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
        assertThat(cancelled).isTrue();
    }

    @Test
    void aCallThatAnswersInTimeIsUntouched() {
        assertThat(Attempt.of(CallPolicy.GATEWAY_USER_READS)
                        .bound(Uni.createFrom().item("answer"))
                        .await()
                        .indefinitely())
                .isEqualTo("answer");
    }
}
