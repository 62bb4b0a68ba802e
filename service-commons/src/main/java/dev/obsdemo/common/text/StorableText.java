package dev.obsdemo.common.text;

import java.util.Optional;

/**
 * The one rule for text a client sends (every string of a JSON body, every path and query parameter): it must
 * be Unicode text that PostgreSQL can store. Two things are not:
 * <ul>
 * <li>U+0000 (NUL): PostgreSQL's text types cannot hold the character with code zero (PostgreSQL documentation,
 * "Character Types"), so an insert fails with {@code 22021}, which would answer 500;</li>
 * <li>an unpaired surrogate (U+D800 to U+DFFF without its partner), which JSON's {@code \\u} escapes can spell
 * (RFC 8259, section 8.2, leaves its meaning unpredictable; I-JSON, RFC 7493, section 2.1, forbids it): it is no
 * character at all, and the PostgreSQL driver silently stores {@code ?} instead, losing what the client sent.</li>
 * </ul>
 * Everything else, control characters and characters outside the Basic Multilingual Plane (a valid surrogate
 * pair) included, is stored as it is.
 */
public final class StorableText {

    private StorableText() {}

    /**
     * Why {@code value} cannot be stored, as a message for the field that holds it, or empty when it can.
     *
     * @param value any string, null allowed (null is left to the field's own constraints)
     */
    public static Optional<String> whyNotStorable(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (codePoint == 0) {
                return Optional.of("must not contain U+0000 (NUL), which cannot be stored");
            }
            // codePointAt returns a surrogate only when it has no partner.
            if (Character.getType(codePoint) == Character.SURROGATE) {
                return Optional.of(
                        "must not contain an unpaired surrogate (U+%04X): it is not a character".formatted(codePoint));
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }
}
