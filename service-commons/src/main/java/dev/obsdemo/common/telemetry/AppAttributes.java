package dev.obsdemo.common.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Every span attribute and baggage key the services set themselves, each documented once. Where the
 * OpenTelemetry semantic conventions have a name, it is used as is ({@link #USER_ID}); the project's own live
 * under {@code app.}, as in the OpenTelemetry demo, so they never collide with a convention added later.
 * The HTTP, database and Redis attributes come from the instrumentation and are not repeated here.
 */
public final class AppAttributes {

    /**
     * The request ID (the {@code X-Request-ID} of the response) on every SERVER span; the same value is the
     * {@code requestId} of every log line of the request. String, 1 to 128 characters of
     * {@code A-Z a-z 0-9 . _ : -} (see {@code RequestIds}).
     */
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("app.request.id");

    /**
     * The W3C baggage entry that carries the request ID from hop to hop, beside the {@code X-Request-ID}
     * header, so work that only sees the trace context still knows it.
     */
    public static final String REQUEST_ID_BAGGAGE = "app.request.id";

    /** The user a request is about: semantic conventions {@code user.id}, a number as a string here. */
    public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");

    /** The order a request created or read. Long. */
    public static final AttributeKey<Long> ORDER_ID = AttributeKey.longKey("app.order.id");

    /** Number of lines in an order being priced. Long. */
    public static final AttributeKey<Long> ORDER_ITEMS = AttributeKey.longKey("app.order.items");

    /** Total of an order being priced, in cents. Long. */
    public static final AttributeKey<Long> ORDER_TOTAL_CENTS = AttributeKey.longKey("app.order.total_cents");

    /** True when a retry with the same Idempotency-Key was answered with the order created before. */
    public static final AttributeKey<Boolean> IDEMPOTENCY_REPLAYED =
            AttributeKey.booleanKey("app.idempotency.replayed");

    /** On the {@code user cache lookup} span: true when Redis had the user, false on a miss. */
    public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("app.cache.hit");

    private AppAttributes() {}
}
