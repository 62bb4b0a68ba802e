package dev.obsdemo.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitDecisionTest {

    private static final FixedWindow FOUR_SECONDS_LEFT = new FixedWindow(7, 3_200);

    @Test
    void requestsUpToTheLimitAreAllowedWithWhatRemains() {
        assertThat(RateLimitDecision.of(1, 5, FOUR_SECONDS_LEFT)).isEqualTo(new RateLimitDecision(true, 4, 0));
        assertThat(RateLimitDecision.of(4, 5, FOUR_SECONDS_LEFT)).isEqualTo(new RateLimitDecision(true, 1, 0));
        assertThat(RateLimitDecision.of(5, 5, FOUR_SECONDS_LEFT)).isEqualTo(new RateLimitDecision(true, 0, 0));
    }

    @Test
    void requestsOverTheLimitAreRefusedUntilTheNextWindow() {
        assertThat(RateLimitDecision.of(6, 5, FOUR_SECONDS_LEFT)).isEqualTo(new RateLimitDecision(false, 0, 4));
        assertThat(RateLimitDecision.of(1_000, 5, FOUR_SECONDS_LEFT)).isEqualTo(new RateLimitDecision(false, 0, 4));
    }

    @Test
    void anUncheckedRequestIsAllowedAndCostsNothing() {
        assertThat(RateLimitDecision.unchecked(100)).isEqualTo(new RateLimitDecision(true, 100, 0));
    }
}
