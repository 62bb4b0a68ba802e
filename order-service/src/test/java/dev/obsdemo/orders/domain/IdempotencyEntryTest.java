package dev.obsdemo.orders.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The format of an Idempotency-Key's entry in Redis, which other instances (and older releases) read. */
class IdempotencyEntryTest {

    private static final String HASH = "fd9faab1db56fc11b91ebdc93a8944efd61dee084184e28453dc359d55203ee7";

    @Test
    void aHeldKeyIsPendingWithTheBodyHashAndItsHolder() {
        assertThat(new IdempotencyEntry.Pending(HASH, "3f1c-holder").encode())
                .isEqualTo("pending:" + HASH + ":3f1c-holder");
    }

    @Test
    void everyClaimHasAHolderOfItsOwn() {
        IdempotencyEntry.Pending first = IdempotencyEntry.Pending.claimFor(HASH);
        IdempotencyEntry.Pending second = IdempotencyEntry.Pending.claimFor(HASH);

        assertThat(first.requestHash()).isEqualTo(HASH);
        assertThat(first.holder()).isNotBlank().doesNotContain(":");
        assertThat(first.encode()).isNotEqualTo(second.encode());
    }

    @Test
    void anEntryWrittenBeforeHoldersExistedIsStillRead() {
        // pending:<hash>, as the previous release wrote it: read during a rolling update, it expires within 30 s.
        assertThat(IdempotencyEntry.decode("pending:" + HASH)).isEqualTo(new IdempotencyEntry.Pending(HASH, ""));
        assertThat(new IdempotencyEntry.Pending(HASH, "").encode()).isEqualTo("pending:" + HASH);
    }

    @Test
    void aCompletedKeyIsDoneWithTheBodyHashAndTheOrderId() {
        assertThat(new IdempotencyEntry.Done(HASH, 9_007_199_254_740_993L).encode())
                .isEqualTo("done:" + HASH + ":9007199254740993");
    }

    @Test
    void decodeReadsWhatEncodeWrote() {
        IdempotencyEntry pending = IdempotencyEntry.Pending.claimFor(HASH);
        IdempotencyEntry done = new IdempotencyEntry.Done(HASH, Long.MAX_VALUE);

        assertThat(IdempotencyEntry.decode(pending.encode())).isEqualTo(pending);
        assertThat(IdempotencyEntry.decode(done.encode())).isEqualTo(done);
    }

    @ParameterizedTest(name = "\"{0}\" is not an entry")
    @ValueSource(
            strings = {
                "",
                "pending",
                "done:" + HASH,
                "done:" + HASH + ":not-a-number",
                "done:" + HASH + ":1:2",
                "pending:" + HASH + ":",
                "pending:" + HASH + ":holder:1",
                "held:" + HASH
            })
    void anythingElseIsRefused(String value) {
        assertThatThrownBy(() -> IdempotencyEntry.decode(value))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unexpected idempotency entry");
    }
}
