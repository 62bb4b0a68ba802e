package dev.obsdemo.load;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every kind of request the simulation sends through the gateway: its name in the Gatling report, the status
 * the gateway answers when the system behaves, and the services whose spans a complete trace of it holds (the
 * services the request's route touches for that outcome; README "The API" and "Calls between services").
 *
 * <p>{@link TraceLog} records the constant's {@link #name()} beside each trace ID, and {@link TraceCompleteness}
 * checks the trace against {@link #services()}. A request answered with another status than {@link #status()}
 * is a failed request (KO) in the report and is left out of the completeness sample: its route is not the one
 * this table describes.
 */
public enum Route {
    /** A new user, unique e-mail address: user-service stores it. */
    CREATE_USER("POST /api/users", 201, Services.GATEWAY, Services.USERS),
    /** An invalid e-mail address: the gateway reads the JSON shape, user-service refuses the value. */
    CREATE_USER_INVALID("POST /api/users (invalid e-mail)", 400, Services.GATEWAY, Services.USERS),
    /** A user created earlier in the run. */
    VIEW_USER("GET /api/users/{id}", 200, Services.GATEWAY, Services.USERS),
    /** An ID no user has: user-service answers 404, the gateway relays it. */
    VIEW_UNKNOWN_USER("GET /api/users/{id} (unknown)", 404, Services.GATEWAY, Services.USERS),
    /** A user's orders: the gateway asks user-service (does the user exist) and order-service at once. */
    LIST_ORDERS("GET /api/users/{id}/orders", 200, Services.GATEWAY, Services.USERS, Services.ORDERS),
    /** A user's summary: user-service and order-service called concurrently. */
    SUMMARY("GET /api/users/{id}/summary", 200, Services.GATEWAY, Services.USERS, Services.ORDERS),
    /** An order with a fresh Idempotency-Key: order-service asks user-service whether the user exists. */
    PLACE_ORDER("POST /api/orders", 201, Services.GATEWAY, Services.ORDERS, Services.USERS),
    /** The same key and body again, as a client retries after a lost answer: order-service replays the order. */
    RETRY_ORDER("POST /api/orders (retry, same Idempotency-Key)", 200, Services.GATEWAY, Services.ORDERS),
    /** A sku the catalog does not have: order-service checks the user, then refuses the item with 422. */
    ORDER_UNKNOWN_SKU("POST /api/orders (unknown sku)", 422, Services.GATEWAY, Services.ORDERS, Services.USERS),
    /** A malformed Idempotency-Key: the gateway refuses it before it calls anything. */
    ORDER_INVALID_KEY("POST /api/orders (malformed Idempotency-Key)", 400, Services.GATEWAY),
    /** An order placed earlier in the run. */
    VIEW_ORDER("GET /api/orders/{id}", 200, Services.GATEWAY, Services.ORDERS),
    /** An ID no order has: order-service answers 404. */
    VIEW_UNKNOWN_ORDER("GET /api/orders/{id} (unknown)", 404, Services.GATEWAY, Services.ORDERS);

    /** The services' names as they appear in traces ({@code service.name}). */
    public static final class Services {
        /** The only public entry; the root of every trace. */
        public static final String GATEWAY = "gateway-service";
        /** Users, PostgreSQL "users". */
        public static final String USERS = "user-service";
        /** Orders and the catalog, PostgreSQL "orders". */
        public static final String ORDERS = "order-service";

        private Services() {}
    }

    private final String label;
    private final int status;
    private final List<String> services;

    Route(String label, int status, String... services) {
        this.label = label;
        this.status = status;
        this.services = List.of(services);
    }

    /** The request's name in the Gatling report and console, e.g. {@code POST /api/orders (unknown sku)}. */
    public String label() {
        return label;
    }

    /** The HTTP status the gateway answers when the system behaves. */
    public int status() {
        return status;
    }

    /** The services a complete trace of this request has spans from, the gateway first. */
    public List<String> services() {
        return services;
    }

    /** The route of a {@link #name()}, or empty for a name this version does not know. */
    public static Optional<Route> named(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equals(name)).findFirst();
    }
}
