package dev.obsdemo.system.faults;

import java.util.regex.Pattern;

/**
 * The README's rule for a client's {@code X-Request-ID} (section Observability, "Request IDs"): 1-128
 * characters of {@code A-Z a-z 0-9 . _ : -}; the gateway keeps such a value and replaces anything else.
 */
final class RequestIdSyntax {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIdSyntax() {}

    static boolean isValid(String requestId) {
        return requestId != null && VALID.matcher(requestId).matches();
    }
}
