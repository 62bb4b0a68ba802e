package dev.obsdemo.common.web;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax of the {@code Idempotency-Key} request header, checked the same way at the gateway and at
 * order-service. The IETF draft "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header,
 * section 2) defines it as an Item Structured Header whose value is a String (RFC 9651 section 3.3.3):
 * {@code Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"}. Most clients in the wild send the bare
 * value ({@code Idempotency-Key: 8e03978e-...}), as payment APIs document it; both forms are accepted and name
 * the same key.
 *
 * <p>The key itself is 1 to 128 characters of {@code A-Z a-z 0-9 . _ : -} (a UUID fits), so that it is safe in
 * a Redis key, a database column and a log line. Anything else is a 400 problem that names the header: an
 * empty header (it must not switch idempotency off silently), a malformed String, parameters (the draft defines
 * none), two keys (the header sent twice or a list). The key's scope is decided where it is stored
 * (order-service: per user).
 */
public final class IdempotencyKeyHeader {

    /** The request header (draft-ietf-httpapi-idempotency-key-header). */
    public static final String NAME = "Idempotency-Key";
    /** What a key may be, for the 400 problem and the OpenAPI documents. */
    public static final String RULE =
            "1-128 characters of A-Z a-z 0-9 . _ : -, bare or as a quoted string (\"...\"), e.g. a UUID";

    /**
     * {@link #RULE} as the regular expression of the header's OpenAPI schema (ECMA-262, as OpenAPI 3.1 requires),
     * so that schema-driven clients and fuzzers generate keys the services accept.
     */
    public static final String SCHEMA_PATTERN = "^(\"[A-Za-z0-9._:-]{1,128}\"|[A-Za-z0-9._:-]{1,128})$";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"\\\\]*)\"");

    private IdempotencyKeyHeader() {}

    /**
     * The key the request names.
     *
     * @param values every value of the header the request carried (empty or null when it had none)
     * @return empty without the header; the key otherwise, unquoted
     * @throws ProblemException 400 {@code invalid-request}, with the header as the invalid field, for anything
     *         but one well-formed key
     */
    public static Optional<String> parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw invalid("send it once");
        }
        String value = values.get(0).strip(); // RFC 9651 4.2: leading and trailing spaces are not part of it
        java.util.regex.Matcher quoted = QUOTED.matcher(value);
        String key = quoted.matches() ? quoted.group(1) : value;
        if (!KEY.matcher(key).matches()) {
            throw invalid("must be " + RULE);
        }
        return Optional.of(key);
    }

    private static ProblemException invalid(String message) {
        return ProblemException.badRequest(
                "Invalid header '" + NAME + "': " + message, List.of(new Problem.FieldError(NAME, message)));
    }
}
