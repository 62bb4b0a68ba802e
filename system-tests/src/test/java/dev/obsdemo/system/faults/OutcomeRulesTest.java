package dev.obsdemo.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.resilience.CallPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules the faults suite judges every answer by, on answers made up here: no stack, no network. */
class OutcomeRulesTest {

    private static Outcome answer(Route route, long millis, int status, String contentType, String problemRequestId) {
        return new Outcome(
                route,
                "test",
                0,
                millis,
                status,
                contentType,
                "req-1",
                "req-1",
                problemRequestId,
                null,
                "detail",
                null,
                null);
    }

    @Test
    void theBudgetsAreTheDocumentedWorstCasesPlusTheGatewaysAllowance() {
        assertThat(Route.PLACE_ORDER.budgetMs())
                .isEqualTo(CallPolicy.GATEWAY_PLACE_ORDER_TIMEOUT_MS + Route.GATEWAY_ALLOWANCE_MS)
                .isEqualTo(8_000);
        assertThat(Route.GET_USER.budgetMs()).isEqualTo(4_150 + 1_000);
        assertThat(Route.SUMMARY.budgetMs())
                .as("two hops at once: the slower one")
                .isEqualTo(Route.GET_USER.budgetMs());
    }

    @Test
    void aSuccessInTimeWithItsRequestIdBreaksNothing() {
        assertThat(OutcomeRules.breaches(answer(Route.GET_ORDER, 20, 200, "application/json", null), true))
                .isEmpty();
    }

    @Test
    void aProblem503WithTheRequestIdIsAllowedOnlyWhereFailuresAre() {
        Outcome unavailable = answer(Route.PLACE_ORDER, 2_100, 503, "application/problem+json", "req-1");
        assertThat(OutcomeRules.breaches(unavailable, true)).isEmpty();
        assertThat(OutcomeRules.breaches(unavailable, false))
                .singleElement()
                .asString()
                .startsWith("503 although");
    }

    @Test
    void a500IsABreachEvenAsAProblem() {
        assertThat(OutcomeRules.breaches(answer(Route.GET_USER, 10, 500, "application/problem+json", "req-1"), true))
                .singleElement()
                .asString()
                .startsWith("500, not 503");
    }

    @Test
    void aFailureMustBeAProblemNamingItsRequest() {
        assertThat(OutcomeRules.breaches(answer(Route.GET_USER, 10, 503, "text/html", null), true))
                .containsExactly("503 is not a problem document (Content-Type text/html)");
        assertThat(OutcomeRules.breaches(answer(Route.GET_USER, 10, 503, "application/problem+json", null), true))
                .containsExactly("503 problem without requestId");
        assertThat(OutcomeRules.breaches(answer(Route.GET_USER, 10, 503, "application/problem+json", "other"), true))
                .containsExactly("503 problem's requestId other is not the X-Request-ID req-1");
    }

    @Test
    void waitingPastTheBudgetIsABreachWhateverTheAnswer() {
        assertThat(OutcomeRules.breaches(answer(Route.GET_ORDER, 5_151, 200, "application/json", null), true))
                .containsExactly("waited 5151 ms, over the documented 5150 ms");
    }

    @Test
    void noAnswerAndA429WithoutRetryAfterAreBreaches() {
        Outcome refused = new Outcome(
                Route.PRODUCTS, "t", 0, 3, Outcome.NO_ANSWER, null, "req-1", null, null, null, "reset", null, null);
        assertThat(OutcomeRules.breaches(refused, true)).containsExactly("no answer (reset)");
        assertThat(OutcomeRules.breaches(answer(Route.PRODUCTS, 3, 429, "application/problem+json", "req-1"), true))
                .containsExactly("429 without Retry-After");
    }

    @Test
    void aValidRequestIdMustComeBackUnchanged() {
        Outcome replaced = new Outcome(
                Route.PRODUCTS, "t", 0, 3, 200, "application/json", "req-1", "a-uuid", null, null, "", null, null);
        assertThat(OutcomeRules.breaches(replaced, true))
                .containsExactly("the valid X-Request-ID req-1 came back as a-uuid");
        assertThat(RequestIdSyntax.isValid("x".repeat(128))).isTrue();
        assertThat(RequestIdSyntax.isValid("x".repeat(129))).isFalse();
        assertThat(RequestIdSyntax.isValid("has space")).isFalse();
    }

    @Test
    void breachesOfOneKindAreCountedOnceWithAnExample() {
        List<String> grouped = EpisodeJudge.grouped(
                List.of(
                        answer(Route.GET_USER, 6_000, 200, "application/json", null),
                        answer(Route.GET_USER, 7_000, 200, "application/json", null)),
                o -> OutcomeRules.breaches(o, true));
        assertThat(grouped).singleElement().asString().startsWith("2 x test (request req-1, 6000 ms): waited 6000 ms");
    }
}
