package dev.obsdemo.common.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The budget header's syntax and a deadline's arithmetic, on the process's monotonic clock. */
class DeadlineTest {

    @Test
    void aBudgetIsWholeMillisecondsFromOneToAMinute() {
        assertThat(Deadline.parseBudget("1")).contains(Duration.ofMillis(1));
        assertThat(Deadline.parseBudget("6750")).contains(Duration.ofMillis(6_750));
        assertThat(Deadline.parseBudget(" 250 ")).contains(Duration.ofMillis(250));
        assertThat(Deadline.parseBudget("60000")).contains(Duration.ofMinutes(1));
    }

    @ParameterizedTest(name = "\"{0}\" is ignored")
    @NullAndEmptySource
    @ValueSource(strings = {"0", "-5", "60001", "999999999999", "1.5", "1e3", "2s", "abc", "+100", "0x10"})
    void anythingElseIsIgnoredAsIfAbsent(String header) {
        assertThat(Deadline.parseBudget(header)).isEmpty();
    }

    @Test
    void aDeadlineInTheFutureHasTimeLeftThatShrinks() throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofMillis(500));

        Duration first = deadline.remaining();
        Thread.sleep(20);
        Duration later = deadline.remaining();

        assertThat(deadline.hasPassed()).isFalse();
        assertThat(first).isLessThanOrEqualTo(Duration.ofMillis(500)).isGreaterThan(Duration.ofMillis(400));
        assertThat(later).isLessThan(first);
    }

    @Test
    void aPassedDeadlineHasNoTimeLeft() throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofMillis(5));
        Thread.sleep(20);

        assertThat(deadline.hasPassed()).isTrue();
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void ofTwoDeadlinesTheEarlierIsTheOneThatComesFirst() {
        Deadline sooner = Deadline.after(Duration.ofMillis(100));
        Deadline later = Deadline.after(Duration.ofSeconds(2));

        assertThat(sooner.earlierOf(later)).isSameAs(sooner);
        assertThat(later.earlierOf(sooner)).isSameAs(sooner);
    }

    @Test
    void outsideARequestThereIsNoDeadline() {
        assertThat(Deadlines.current()).isEmpty();
        assertThat(Deadlines.remaining()).isEmpty();
    }
}
