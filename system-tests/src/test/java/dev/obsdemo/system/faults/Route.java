package dev.obsdemo.system.faults;

import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_ORDER_READS;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_PLACE_ORDER;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_USER_CREATE;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_USER_READS;

/**
 * The gateway routes the load drives, each with the longest the gateway may take to answer it: the worst case
 * of its downstream hop as service-commons' {@code CallPolicy} documents it (the README's policy table, every
 * attempt and retry included) plus {@link #GATEWAY_ALLOWANCE_MS}. A route that calls two services at once
 * (the summary, a user's orders) is bounded by the slower hop, not their sum.
 */
enum Route {
    GET_USER("GET /api/users/{id}", GATEWAY_USER_READS.worstCaseMs()),
    CREATE_USER("POST /api/users", GATEWAY_USER_CREATE.worstCaseMs()),
    GET_ORDER("GET /api/orders/{id}", GATEWAY_ORDER_READS.worstCaseMs()),
    USER_ORDERS(
            "GET /api/users/{id}/orders",
            Math.max(GATEWAY_USER_READS.worstCaseMs(), GATEWAY_ORDER_READS.worstCaseMs())),
    SUMMARY(
            "GET /api/users/{id}/summary",
            Math.max(GATEWAY_USER_READS.worstCaseMs(), GATEWAY_ORDER_READS.worstCaseMs())),
    PRODUCTS("GET /api/products", GATEWAY_ORDER_READS.worstCaseMs()),
    PLACE_ORDER("POST /api/orders", GATEWAY_PLACE_ORDER.worstCaseMs()),
    /**
     * A hostile request: refused at the edge or by validation, or answered like any request, with no slow
     * downstream wait: 1 s for its own work.
     */
    HOSTILE("hostile input", 1_000);

    /**
     * What the gateway may add to its downstream worst case, in ms: its own rate-limit check (at most
     * {@code gateway.rate-limit.redis-timeout}, 200 ms, while Redis is away) and scheduling on a machine of
     * 2 cores that also runs the whole stack and this load.
     */
    static final long GATEWAY_ALLOWANCE_MS = 1_000;

    private final String template;
    private final long downstreamWorstCaseMs;

    Route(String template, long downstreamWorstCaseMs) {
        this.template = template;
        this.downstreamWorstCaseMs = downstreamWorstCaseMs;
    }

    /** Method and route template, as the access log and the metrics name it. */
    String template() {
        return template;
    }

    /** The longest the client may wait for an answer on this route, in ms (documented timeout + allowance). */
    long budgetMs() {
        return downstreamWorstCaseMs + GATEWAY_ALLOWANCE_MS;
    }
}
