package dev.obsdemo.common.web;

/**
 * The order of what every service does with a request before a resource runs, on the application port's
 * Vert.x router, ahead of Quarkus' own handlers (which start at {@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT
 * = -2}). Every request passes each step in this order, so every answer, whoever gives it, has a request ID,
 * a trace ID, an access-log line and a bounded route:
 * <ol>
 * <li>{@link #ACCESS_LOG}: the access line, written when the response is complete ({@code AccessLog});</li>
 * <li>{@link #REQUEST_ID}: the request ID, its telemetry and the trusted baggage ({@link RequestIdHandler});</li>
 * <li>{@link #ROUTE_MATCH}: the route template, for metrics, spans and logs ({@link RouteGuard});</li>
 * <li>{@link #LIMITS}: request line, header block and announced body within their limits ({@link RequestLimits});</li>
 * <li>{@link #ADMISSION}: a service's own admission control, e.g. the gateway's rate limit;</li>
 * <li>{@link #ROUTE_ANSWERS}: 404 without a route, 405 and OPTIONS from the route table ({@link RouteGuard}).</li>
 * </ol>
 */
public final class PreRouting {

    /** The access log's handler. */
    public static final int ACCESS_LOG = Integer.MIN_VALUE;
    /** The request ID handler. */
    public static final int REQUEST_ID = Integer.MIN_VALUE + 1;
    /** The route template is known from here on. */
    public static final int ROUTE_MATCH = Integer.MIN_VALUE + 2;
    /** Size limits. */
    public static final int LIMITS = Integer.MIN_VALUE + 3;
    /** Where a service admits or refuses a request before it is answered (rate limiting). */
    public static final int ADMISSION = Integer.MIN_VALUE + 4;
    /** Answers that need nothing but the route table. */
    public static final int ROUTE_ANSWERS = Integer.MIN_VALUE + 5;

    private PreRouting() {}
}
