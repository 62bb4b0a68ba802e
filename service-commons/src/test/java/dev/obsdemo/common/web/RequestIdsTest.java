package dev.obsdemo.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @ParameterizedTest
    @ValueSource(strings = {"a", "order-42.retry:1_a-b", "0af7651916cd43dd8448eb211c80319c", "A.Z_a:z-0.9"})
    void aValueOfSafeCharactersIsValid(String candidate) {
        assertThat(RequestIds.isValid(candidate)).isTrue();
        assertThat(RequestIds.acceptOrGenerate(candidate)).isEqualTo(candidate);
    }

    @Test
    void oneHundredTwentyEightCharactersAreValidAndOneMoreIsNot() {
        assertThat(RequestIds.isValid("r".repeat(128))).isTrue();
        assertThat(RequestIds.isValid("r".repeat(129))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "has space",
                "line\nbreak",
                "carriage\rreturn",
                "tab\tbed",
                "ünïcödé",
                "semi;colon",
                "a/b",
                "quote\"",
                "<script>",
                "%0d%0a"
            })
    void anythingElseIsReplacedByANewUuid(String hostile) {
        assertThat(RequestIds.isValid(hostile)).isFalse();
        String replacement = RequestIds.acceptOrGenerate(hostile);
        assertThat(replacement).matches(UUID_PATTERN);
        assertThat(UUID.fromString(replacement).version()).isEqualTo(4);
    }

    @Test
    void everyGeneratedIdIsNew() {
        assertThat(RequestIds.acceptOrGenerate(null)).isNotEqualTo(RequestIds.acceptOrGenerate(null));
    }

    @Test
    void aGeneratedIdIsItselfValid() {
        String generated = RequestIds.acceptOrGenerate("not valid");
        assertThat(RequestIds.isValid(generated)).isTrue();
    }

    @Test
    void outsideARequestThereIsNoCurrentId() {
        assertThat(RequestIds.current()).isEmpty();
    }
}
