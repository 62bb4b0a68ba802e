package dev.obsdemo.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedWindowTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void windowsAreAlignedOnTheEpoch() {
        assertThat(FixedWindow.containing(0, ONE_SECOND)).isEqualTo(new FixedWindow(0, 1_000));
        assertThat(FixedWindow.containing(999, ONE_SECOND)).isEqualTo(new FixedWindow(0, 1));
        assertThat(FixedWindow.containing(1_000, ONE_SECOND)).isEqualTo(new FixedWindow(1, 1_000));
        assertThat(FixedWindow.containing(1_715_000_123_456L, TEN_SECONDS))
                .isEqualTo(new FixedWindow(171_500_012, 6_544));
    }

    @Test
    void twoInstantsShareAWindowOnlyBetweenTheSameBoundaries() {
        assertThat(FixedWindow.containing(10_000, TEN_SECONDS).index())
                .isEqualTo(FixedWindow.containing(19_999, TEN_SECONDS).index())
                .isNotEqualTo(FixedWindow.containing(20_000, TEN_SECONDS).index());
    }

    @Test
    void retryAfterIsTheWholeSecondsLeftRoundedUp() {
        assertThat(FixedWindow.containing(0, TEN_SECONDS).retryAfterSeconds()).isEqualTo(10);
        assertThat(FixedWindow.containing(1, TEN_SECONDS).retryAfterSeconds()).isEqualTo(10);
        assertThat(FixedWindow.containing(1_000, TEN_SECONDS).retryAfterSeconds())
                .isEqualTo(9);
        assertThat(FixedWindow.containing(8_999, TEN_SECONDS).retryAfterSeconds())
                .isEqualTo(2);
    }

    @Test
    void retryAfterIsNeverZero() {
        assertThat(FixedWindow.containing(9_999, TEN_SECONDS).retryAfterSeconds())
                .isEqualTo(1);
        assertThat(FixedWindow.containing(499, Duration.ofMillis(500)).retryAfterSeconds())
                .isEqualTo(1);
    }

    @Test
    void aWindowShorterThanAMillisecondIsRefused() {
        assertThatThrownBy(() -> FixedWindow.containing(0, Duration.ofNanos(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 ms");
    }
}
