package dev.obsdemo.common.resilience;

import static dev.obsdemo.common.resilience.CallPolicy.ANSWER_RESERVE_MS;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_DELAY_MS;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_FAILURE_RATIO;
import static dev.obsdemo.common.resilience.CallPolicy.BREAKER_SUCCESS_THRESHOLD;
import static dev.obsdemo.common.resilience.CallPolicy.CALLEE_WORK_BUDGET_MS;
import static dev.obsdemo.common.resilience.CallPolicy.CONNECT_TIMEOUT_MS;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_ORDER_READS;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_PLACE_ORDER;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_USER_CREATE;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_USER_READS;
import static dev.obsdemo.common.resilience.CallPolicy.HOPS;
import static dev.obsdemo.common.resilience.CallPolicy.IDEMPOTENCY_POLL_MS;
import static dev.obsdemo.common.resilience.CallPolicy.IDEMPOTENCY_WAIT_MS;
import static dev.obsdemo.common.resilience.CallPolicy.ORDER_PLACEMENT_WORST_CASE;
import static dev.obsdemo.common.resilience.CallPolicy.ORDER_USER_LOOKUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.resilience.CallPolicy.Hop;
import org.junit.jupiter.api.Test;

/** The inequalities the policy table promises, checked on the table itself. */
class CallPolicyTest {

    @Test
    void aHopsWorstCaseIsEveryAttemptAtItsTimeoutPlusTheLongestPauses() {
        Hop twoRetries = new Hop("a", "b GET /x", 1_000, 2, 10, 1_500, 0);

        assertThat(twoRetries.worstCaseMs()).isEqualTo(3 * 1_000 + 2 * (100 + 50));
        assertThat(GATEWAY_PLACE_ORDER.worstCaseMs()).isEqualTo(GATEWAY_PLACE_ORDER.timeoutMs());
    }

    @Test
    void orderServiceMayNeedAlmostSevenSecondsToPlaceAnOrder() {
        // 2 s per attempt, one retry after 100 +- 50 ms.
        assertThat(ORDER_USER_LOOKUP.worstCaseMs()).isEqualTo(4_150);
        // Idempotency-Key wait and one poll, the user check with its retry, the insert.
        assertThat(ORDER_PLACEMENT_WORST_CASE).isEqualTo(2_000 + 50 + 4_150 + 500);
    }

    @Test
    void everyCallerWaitsLongerThanItsCalleeMayNeed() {
        for (Hop hop : HOPS) {
            assertThat(hop.timeoutMs())
                    .as("per-attempt timeout of %s -> %s", hop.caller(), hop.call())
                    .isGreaterThan(hop.calleeWorstCaseMs());
        }
    }

    @Test
    void theBudgetEveryCalleeIsToldCoversWhatItMayNeed() {
        for (Hop hop : HOPS) {
            assertThat(hop.budgetMs())
                    .as("X-Request-Timeout-Ms sent by %s -> %s", hop.caller(), hop.call())
                    .isEqualTo(hop.timeoutMs() - ANSWER_RESERVE_MS)
                    .isGreaterThanOrEqualTo(hop.calleeWorstCaseMs());
        }
        // Placing an order is the tightest: 6.75 s told, 6.7 s needed.
        assertThat(GATEWAY_PLACE_ORDER.budgetMs()).isEqualTo(6_750);
    }

    @Test
    void orderServiceCanStillCheckTheUserWithinTheBudgetItIsGivenAfterItsLongestWait() {
        // After waiting for a concurrent request with the same key, one attempt of the user check and the
        // insert's allowance still fit in what the gateway tells order-service.
        long leftAfterTheWait = GATEWAY_PLACE_ORDER.budgetMs() - IDEMPOTENCY_WAIT_MS - IDEMPOTENCY_POLL_MS;
        assertThat(leftAfterTheWait - CALLEE_WORK_BUDGET_MS)
                .isGreaterThanOrEqualTo(ORDER_USER_LOOKUP.calleeWorstCaseMs() + ANSWER_RESERVE_MS);
    }

    @Test
    void theReserveForTheAnswerIsASmallPartOfEveryTimeout() {
        for (Hop hop : HOPS) {
            assertThat(ANSWER_RESERVE_MS).as("reserve of %s", hop.call()).isLessThan(hop.timeoutMs() / 4);
        }
    }

    @Test
    void theRestClientTimeoutsAreBackstopsThatNeverFireBeforeTheAttemptTimeout() {
        for (Hop hop : HOPS) {
            assertThat(hop.readTimeoutMs())
                    .as("read timeout of %s -> %s", hop.caller(), hop.call())
                    .isGreaterThan(hop.timeoutMs());
            assertThat(CONNECT_TIMEOUT_MS)
                    .as("connect timeout of %s -> %s", hop.caller(), hop.call())
                    .isLessThan(hop.timeoutMs());
        }
    }

    @Test
    void onlyReadsAreRetried() {
        assertThat(GATEWAY_USER_CREATE.retries()).isZero();
        assertThat(GATEWAY_PLACE_ORDER.retries()).isZero();
        assertThat(GATEWAY_USER_READS.retries()).isEqualTo(1);
        assertThat(GATEWAY_ORDER_READS.retries()).isEqualTo(1);
        assertThat(ORDER_USER_LOOKUP.retries()).isEqualTo(1);
    }

    @Test
    void anInnerBreakerOpensOnFewerCallsThanTheGateways() {
        assertThat(ORDER_USER_LOOKUP.breakerWindow()).isLessThan(GATEWAY_USER_READS.breakerWindow());
        for (Hop hop : HOPS) {
            assertThat(hop.breakerWindow())
                    .as("window of %s", hop.call())
                    .isGreaterThanOrEqualTo(BREAKER_SUCCESS_THRESHOLD);
        }
        assertThat(BREAKER_FAILURE_RATIO).isBetween(0.0, 1.0).isPositive();
    }

    @Test
    void aClientToldToRetryAfterA503FindsTheBreakerReadyForATrialCall() {
        Integer retryAfterSeconds = ProblemException.dependencyUnavailable("user-service", new RuntimeException())
                .retryAfterSeconds();

        assertThat(retryAfterSeconds).isNotNull();
        assertThat(retryAfterSeconds * 1_000L).isGreaterThanOrEqualTo(BREAKER_DELAY_MS);
    }
}
