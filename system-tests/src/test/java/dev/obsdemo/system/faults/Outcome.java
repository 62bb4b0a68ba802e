package dev.obsdemo.system.faults;

/**
 * One request the client sent through the gateway and what came back, as the client saw it.
 *
 * @param route the route (for its latency budget)
 * @param label what was sent, e.g. {@code "GET /api/users/12"} or a hostile input's class
 * @param startedAtMillis wall-clock start, ms since the epoch
 * @param millis from sending to the whole answer read, ms
 * @param status the HTTP status, or {@link #NO_ANSWER} (the connection failed or closed without an answer) or
 *     {@link #TIMED_OUT} (the client gave up after {@link GatewayClient#CLIENT_TIMEOUT})
 * @param contentType the {@code Content-Type} of the answer, or null
 * @param sentRequestId the {@code X-Request-ID} the client sent, or null
 * @param requestIdHeader the {@code X-Request-ID} of the answer, or null
 * @param problemRequestId the {@code requestId} member of an RFC 9457 problem answer, or null
 * @param retryAfter the {@code Retry-After} header, or null
 * @param detail a problem's {@code detail}, or a transport error's message, for the report
 * @param idempotencyKey the {@code Idempotency-Key} sent with an order, or null
 * @param id the {@code id} member of a JSON answer (the order a 200 or 201 to an order answered with, a new
 *     user's ID), or null
 */
record Outcome(
        Route route,
        String label,
        long startedAtMillis,
        long millis,
        int status,
        String contentType,
        String sentRequestId,
        String requestIdHeader,
        String problemRequestId,
        String retryAfter,
        String detail,
        String idempotencyKey,
        Long id) {

    /** The connection to the gateway failed or was closed before an answer. */
    static final int NO_ANSWER = -1;
    /** No answer within the client's own timeout. */
    static final int TIMED_OUT = -2;

    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    boolean isServerError() {
        return status >= 500 || status < 0;
    }

    /** The order was created or replayed: the client knows its ID. */
    boolean placedOrder() {
        return route == Route.PLACE_ORDER && (status == 200 || status == 201) && id != null;
    }

    /** The order ID of {@link #placedOrder()}. */
    Long orderId() {
        return id;
    }
}
