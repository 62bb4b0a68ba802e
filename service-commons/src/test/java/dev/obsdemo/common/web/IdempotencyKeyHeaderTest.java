package dev.obsdemo.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obsdemo.common.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Idempotency-Key header as the IETF draft writes it (a Structured Field String) and as clients send it. */
class IdempotencyKeyHeaderTest {

    @ParameterizedTest(name = "[{0}] is the key [{1}]")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"|8e03978e-40d5-43e8-bc93-6894a57f9324",
                "8e03978e-40d5-43e8-bc93-6894a57f9324|8e03978e-40d5-43e8-bc93-6894a57f9324",
                "order-2024-05-01_a:1|order-2024-05-01_a:1",
                "'  \"k.1\"  '|k.1"
            })
    void aBareOrQuotedKeyIsItsValue(String header, String key) {
        assertThat(IdempotencyKeyHeader.parse(List.of(header))).contains(key);
    }

    @Test
    void noHeaderIsNoKey() {
        assertThat(IdempotencyKeyHeader.parse(List.of())).isEmpty();
        assertThat(IdempotencyKeyHeader.parse(null)).isEmpty();
    }

    @Test
    void oneHundredTwentyEightCharactersAreAKeyAndOneMoreIsNot() {
        assertThat(IdempotencyKeyHeader.parse(List.of("k".repeat(128)))).contains("k".repeat(128));
        assertThat(IdempotencyKeyHeader.parse(List.of("\"" + "k".repeat(128) + "\"")))
                .contains("k".repeat(128));
        assertInvalid("k".repeat(129));
    }

    @ParameterizedTest(name = "[{0}] is a 400")
    @ValueSource(
            strings = {
                "",
                "  ",
                "\"\"",
                "\"unterminated",
                "unterminated\"",
                "has space",
                "\"has space\"",
                "\"esc\\\"aped\"",
                "a/b",
                "two, keys",
                "\"a\", \"b\"",
                "\"k\";param=1",
                "r\u00e9qu\u00eate"
            })
    void anythingButOneWellFormedKeyIsA400NamingTheHeader(String header) {
        assertInvalid(header);
    }

    @Test
    void theHeaderSentTwiceIsA400() {
        assertThatThrownBy(() -> IdempotencyKeyHeader.parse(List.of("a", "b")))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(400));
    }

    private static void assertInvalid(String header) {
        assertThatThrownBy(() -> IdempotencyKeyHeader.parse(List.of(header)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.errors())
                            .singleElement()
                            .satisfies(e -> assertThat(e.field()).isEqualTo("Idempotency-Key"));
                    assertThat(p.getMessage()).contains("Idempotency-Key");
                });
    }
}
