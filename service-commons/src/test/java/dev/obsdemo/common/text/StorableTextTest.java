package dev.obsdemo.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which strings PostgreSQL can store as the Unicode text they are, and what is said about the others. */
class StorableTextTest {

    @ParameterizedTest(name = "\"{0}\" is stored as it is")
    @ValueSource(
            strings = {
                "",
                "Ada Lovelace",
                "Zoë Ørsted-Łukasiewicz",
                "tab\tand\nnew line",
                "\u0001\u001f\u007f control characters",
                "\uD83D\uDE00 a pair: U+1F600",
                "\uFFFF noncharacter"
            })
    void unicodeTextWithoutNulIsStorable(String value) {
        assertThat(StorableText.whyNotStorable(value)).isEmpty();
    }

    @ParameterizedTest(name = "{index}: a NUL")
    @ValueSource(strings = {"\u0000", "x\u0000y", "trailing\u0000", "\uD83D\uDE00\u0000"})
    void aNulIsRefused(String value) {
        assertThat(StorableText.whyNotStorable(value))
                .contains("must not contain U+0000 (NUL), which cannot be stored");
    }

    @ParameterizedTest(name = "{index}: an unpaired surrogate")
    @ValueSource(strings = {"\uD800", "x\uDBFFy", "\uDC00", "\uDE00\uD83D", "\uD83D\uD83D\uDE00"})
    void anUnpairedSurrogateIsRefusedAndNamed(String value) {
        Optional<String> whyNot = StorableText.whyNotStorable(value);

        assertThat(whyNot)
                .hasValueSatisfying(
                        reason -> assertThat(reason)
                                .matches(
                                        "must not contain an unpaired surrogate \\(U\\+D[89A-F][0-9A-F]{2}\\): it is not a character"));
    }

    @ParameterizedTest(name = "null")
    @org.junit.jupiter.params.provider.NullSource
    void nullIsLeftToTheFieldsOwnConstraints(String value) {
        assertThat(StorableText.whyNotStorable(value)).isEmpty();
    }
}
