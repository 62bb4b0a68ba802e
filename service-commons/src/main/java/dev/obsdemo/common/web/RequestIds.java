package dev.obsdemo.common.web;

import io.smallrye.common.vertx.ContextLocals;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request ID ({@code X-Request-ID}) of the request being handled: what is valid, how a new one looks and
 * where the current one is kept.
 *
 * <p>It is kept in the Vert.x duplicated context of the request, which Quarkus carries across the event
 * loop, worker threads and reactive continuations of one request, so any code handling the request (an
 * exception mapper, a REST client filter) can read it without passing it around; and in the request's
 * {@link RoutingContext}, for the handlers that answer before any resource runs.
 */
public final class RequestIds {

    /** The header that carries the request ID in and out of every service. */
    public static final String HEADER = "X-Request-ID";
    /** The logging context key of the request ID: {@code requestId} on every log line of the request. */
    public static final String MDC_KEY = "requestId";
    /** The response header with the trace ID (32 hex characters), to look the request up in a trace UI. */
    public static final String TRACE_ID_HEADER = "X-Trace-Id";
    /** The W3C Trace Context response header, {@code 00-<trace id>-<span id>-<flags>} (a W3C draft, level 2). */
    public static final String TRACE_RESPONSE_HEADER = "traceresponse";

    /** 1-128 characters that are safe in a header, a log line and a URL: never CR, LF or non-ASCII. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final String CONTEXT_KEY = "obsdemo.request-id";

    private RequestIds() {}

    /** True for 1 to 128 characters of {@code A-Z a-z 0-9 . _ : -}; false for null and anything else. */
    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    /** The incoming value when it is valid, otherwise a new random UUID. Hostile input is never kept. */
    public static String acceptOrGenerate(String incoming) {
        return isValid(incoming) ? incoming : UUID.randomUUID().toString();
    }

    static void bind(RoutingContext request, String requestId) {
        request.put(CONTEXT_KEY, requestId);
        try {
            ContextLocals.put(CONTEXT_KEY, requestId);
        } catch (UnsupportedOperationException notOnADuplicatedContext) {
            // Quarkus handles every request on a duplicated context; the routing context still has it.
        }
    }

    /** The current request's ID, empty outside a request. */
    public static Optional<String> current() {
        try {
            return ContextLocals.get(CONTEXT_KEY);
        } catch (UnsupportedOperationException notOnADuplicatedContext) {
            return Optional.empty();
        }
    }

    /** The ID of this request, empty before {@link RequestIdHandler} ran. */
    public static Optional<String> of(RoutingContext request) {
        return Optional.ofNullable(request.get(CONTEXT_KEY));
    }
}
