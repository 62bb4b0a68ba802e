package dev.obsdemo.orders.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.orders.domain.IdempotencyKeys.Claim;
import dev.obsdemo.orders.domain.IdempotencyRules.Next;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key protocol's rules without Redis: the request hash and the decision after each SET NX. */
class IdempotencyRulesTest {

    private static final String KEY = "6f1c0c1e-1";
    private static final String HASH = IdempotencyRules.requestHash(7, List.of(new OrderLine("BOOK-001", 2)));
    private static final String OTHER_HASH = IdempotencyRules.requestHash(7, List.of(new OrderLine("BOOK-001", 3)));
    /** This request's lock, and another request's for the same body (a concurrent retry). */
    private static final IdempotencyEntry.Pending LOCK = new IdempotencyEntry.Pending(HASH, "this-request");

    private static final IdempotencyEntry.Pending OTHER_HOLDER = new IdempotencyEntry.Pending(HASH, "other-request");

    @Nested
    class RequestHash {

        @Test
        void isTheSha256OfTheUserAndTheLinesSortedBySkuInHex() {
            // Pinned: stored orders and Redis entries carry this hash, so it must not change between releases.
            assertThat(IdempotencyRules.requestHash(
                            7, List.of(new OrderLine("MUG-001", 1), new OrderLine("BOOK-001", 2))))
                    .isEqualTo(
                            "fd9faab1db56fc11b91ebdc93a8944efd61dee084184e28453dc359d55203ee7") // sha256("7|BOOK-001x2,MUG-001x1")
                    .matches("[0-9a-f]{64}");
        }

        @Test
        void theOrderOfTheItemsDoesNotMatter() {
            List<OrderLine> lines =
                    List.of(new OrderLine("BOOK-001", 2), new OrderLine("MUG-001", 1), new OrderLine("STICKER-001", 5));
            List<OrderLine> reordered =
                    List.of(new OrderLine("STICKER-001", 5), new OrderLine("BOOK-001", 2), new OrderLine("MUG-001", 1));

            assertThat(IdempotencyRules.requestHash(42, reordered)).isEqualTo(IdempotencyRules.requestHash(42, lines));
        }

        @Test
        void anotherUserQuantityOrSkuIsAnotherRequest() {
            String hash = IdempotencyRules.requestHash(42, List.of(new OrderLine("BOOK-001", 2)));

            assertThat(IdempotencyRules.requestHash(43, List.of(new OrderLine("BOOK-001", 2))))
                    .isNotEqualTo(hash);
            assertThat(IdempotencyRules.requestHash(42, List.of(new OrderLine("BOOK-001", 3))))
                    .isNotEqualTo(hash);
            assertThat(IdempotencyRules.requestHash(42, List.of(new OrderLine("BOOK-002", 2))))
                    .isNotEqualTo(hash);
            assertThat(IdempotencyRules.requestHash(
                            42, List.of(new OrderLine("BOOK-001", 2), new OrderLine("MUG-001", 1))))
                    .isNotEqualTo(hash);
        }
    }

    @Nested
    class Decide {

        @Test
        void aKeyWithoutEntryIsNowHeldByThisRequest() {
            assertThat(IdempotencyRules.decide(KEY, LOCK, Optional.empty(), false))
                    .isEqualTo(new Next.Answer(new Claim.Held(KEY, LOCK)));
        }

        @Test
        void aKeyThatCreatedAnOrderFromTheSameBodyIsAReplayOfThatOrder() {
            IdempotencyEntry.Done done = new IdempotencyEntry.Done(HASH, 1234);

            assertThat(IdempotencyRules.decide(KEY, LOCK, Optional.of(done), false))
                    .isEqualTo(new Next.Answer(new Claim.Replay(KEY, done)));
            assertThat(IdempotencyRules.decide(KEY, LOCK, Optional.of(done), true))
                    .isEqualTo(new Next.Answer(new Claim.Replay(KEY, done)));
            assertThat(new Claim.Replay(KEY, done).orderId()).isEqualTo(1234);
        }

        @Test
        void aKeyHeldForTheSameBodyIsWaitedFor() {
            assertThat(IdempotencyRules.decide(KEY, LOCK, Optional.of(OTHER_HOLDER), false))
                    .isInstanceOf(Next.Wait.class);
        }

        @Test
        void aKeyStillHeldWhenTheWaitIsOverIsA409WithRetryAfterOneSecond() {
            Next next = IdempotencyRules.decide(KEY, LOCK, Optional.of(OTHER_HOLDER), true);

            ProblemException problem = rejection(next);
            assertThat(problem.status()).isEqualTo(409);
            assertThat(problem.type().toString()).endsWith("/idempotency-key-in-use");
            assertThat(problem.retryAfterSeconds()).isEqualTo(1);
        }

        @Test
        void aKeyTakenWithAnotherBodyIsA422AtOnceWhateverItsState() {
            for (IdempotencyEntry entry : List.of(
                    new IdempotencyEntry.Pending(OTHER_HASH, "other-request"),
                    new IdempotencyEntry.Done(OTHER_HASH, 1234))) {
                for (boolean waitIsOver : new boolean[] {false, true}) {
                    ProblemException problem =
                            rejection(IdempotencyRules.decide(KEY, LOCK, Optional.of(entry), waitIsOver));

                    assertThat(problem.status())
                            .as("%s, wait over: %s", entry, waitIsOver)
                            .isEqualTo(422);
                    assertThat(problem.type().toString()).endsWith("/idempotency-key-reused");
                    assertThat(problem.retryAfterSeconds()).isNull();
                }
            }
        }

        private ProblemException rejection(Next next) {
            assertThat(next).isInstanceOf(Next.Reject.class);
            return ((Next.Reject) next).problem();
        }
    }
}
