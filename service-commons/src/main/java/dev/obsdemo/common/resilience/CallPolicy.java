package dev.obsdemo.common.resilience;

import java.util.List;

/**
 * The fault-tolerance policy of every call between the services, in one table. The constants feed the
 * per-attempt timeouts ({@link Attempt}) and the {@code @Retry} and {@code @CircuitBreaker} annotations of the
 * callers (gateway-service's {@code UserClient} and {@code OrderClient}, order-service's {@code UserDirectory});
 * the REST clients'
 * connect and read timeouts in each service's {@code application.properties} must equal the
 * {@code *_READ_TIMEOUT_MS} and {@link #CONNECT_TIMEOUT_MS} values here (each service's tests compare them).
 * All durations are in milliseconds.
 *
 * <p>The rule the table keeps ({@code CallPolicyTest} checks it): the budget a caller tells its callee (its
 * timeout less {@link #ANSWER_RESERVE_MS}) covers what the callee may legitimately need, that is the callee's own
 * calls with their retries plus its own bounded waits plus {@link #CALLEE_WORK_BUDGET_MS} for its database work.
 * Otherwise the caller gives up on a request that is still going to succeed: wasted work for a read, and for a
 * write an outcome the client cannot know. When a callee is given less (its own caller's deadline is near), it
 * does not start a step the time left cannot cover ({@link Attempt#of}), and answers before the deadline.
 *
 * <p>Timeouts are per attempt ({@link Attempt}: it cancels the call when it fires, and tells the callee its
 * budget, the timeout less {@link #ANSWER_RESERVE_MS}, as {@code X-Request-Timeout-Ms}; the callee's own calls and
 * waits end by then, see {@code dev.obsdemo.common.deadline}). Only reads are retried (a GET is idempotent), once,
 * after a failed connection or a 5xx, never after a timeout (a slow service is not helped by more load) and never
 * after a relayed 4xx. Each annotated method has its own circuit breaker (MicroProfile Fault Tolerance keeps one
 * per method), which counts what says the callee is unavailable: a failed connection, a timeout, a 503 or 504. A
 * relayed 4xx is an answer, and a 500 or 502 answers one request ({@link DownstreamRequestFailure}): neither is
 * counted. The REST clients' read timeouts are backstops: longer than every per-attempt timeout of their calls,
 * so the attempt's timeout always fires first and the client is told "did not answer in time".
 *
 * <p>Longer than the project's usual 150 lines on purpose: it is the table itself, one documented constant per
 * cell, kept in one place so that the numbers are read, changed and checked side by side.
 */
public final class CallPolicy {

    // --- Shared by every hop ----------------------------------------------------------------------------

    /** Connecting to a service on the same network takes milliseconds; 500 ms means it is not there. */
    public static final long CONNECT_TIMEOUT_MS = 500;
    /**
     * Pause before the one retry of a read: 100 ms, randomised by up to {@link #RETRY_JITTER_MS} either way
     * (MicroProfile Fault Tolerance {@code @Retry(jitter)}), so that callers that failed together do not
     * retry in step.
     */
    public static final long RETRY_DELAY_MS = 100;
    /** See {@link #RETRY_DELAY_MS}. */
    public static final long RETRY_JITTER_MS = 50;
    /**
     * A breaker opens when half of the calls in its window failed (failed connections, timeouts, 503 and 504
     * count; a 4xx, 500 or 502 does not).
     */
    public static final double BREAKER_FAILURE_RATIO = 0.5;
    /** An open breaker fails calls fast for 5 s, then lets trial calls through (half-open). */
    public static final long BREAKER_DELAY_MS = 5_000;
    /** Two successful trial calls close a half-open breaker; one failure opens it again. */
    public static final int BREAKER_SUCCESS_THRESHOLD = 2;
    /** Calls in a gateway breaker's rolling window (every gateway hop). */
    public static final int GATEWAY_BREAKER_WINDOW = 10;
    /**
     * The part of a caller's per-attempt timeout kept for the answer's way back: the budget the caller sends
     * the callee ({@code X-Request-Timeout-Ms}) is its timeout less this, so a callee that answers within its
     * budget is heard before the caller gives up.
     */
    public static final long ANSWER_RESERVE_MS = 250;
    /**
     * What a callee may spend on its own work (queries, inserts) on top of the waits the table names. An
     * allowance, not a bound that something enforces; its largest part, the wait for a pooled connection
     * ({@code quarkus.datasource.jdbc.acquisition-timeout}), is 0.5 s in both services, after which the request
     * is a 503.
     */
    public static final long CALLEE_WORK_BUDGET_MS = 500;

    // --- gateway-service -> user-service (REST client "user-service") ------------------------------------

    /** GET /users/{id}. */
    public static final long GATEWAY_USER_READ_TIMEOUT_MS = 2_000;
    /** GET /users/{id}: one retry. */
    public static final int GATEWAY_USER_READ_RETRIES = 1;
    /** POST /users: not retried (not idempotent). */
    public static final long GATEWAY_USER_CREATE_TIMEOUT_MS = 2_000;
    /** The gateway's REST client for user-service: backstop for every call above. */
    public static final long GATEWAY_USER_SERVICE_READ_TIMEOUT_MS = 3_000;

    // --- gateway-service -> order-service (REST client "order-service") ----------------------------------

    /** GET /orders/{id}, /orders?userId=, /orders/stats, /products. */
    public static final long GATEWAY_ORDER_READ_TIMEOUT_MS = 2_000;
    /** The reads: one retry. */
    public static final int GATEWAY_ORDER_READ_RETRIES = 1;
    /**
     * POST /orders: not retried (the client owns the Idempotency-Key, so the client decides to retry). Longer
     * than order-service's worst case for placing an order: {@link #ORDER_PLACEMENT_WORST_CASE}.
     */
    public static final long GATEWAY_PLACE_ORDER_TIMEOUT_MS = 7_000;
    /** The gateway's REST client for order-service: backstop for every call above, placing an order included. */
    public static final long GATEWAY_ORDER_SERVICE_READ_TIMEOUT_MS = 8_000;

    // --- order-service -> user-service (REST client "user-service") --------------------------------------

    /** GET /users/{id}, to check the user of a new order. */
    public static final long ORDER_USER_LOOKUP_TIMEOUT_MS = 2_000;
    /** GET /users/{id}: one retry. */
    public static final int ORDER_USER_LOOKUP_RETRIES = 1;
    /**
     * A smaller window than the gateway's: each failed order makes two calls (one retry), so the breaker
     * opens after three failed orders rather than five.
     */
    public static final int ORDER_USER_LOOKUP_BREAKER_WINDOW = 6;
    /** order-service's REST client for user-service: backstop for {@link #ORDER_USER_LOOKUP_TIMEOUT_MS}. */
    public static final long ORDER_USER_SERVICE_READ_TIMEOUT_MS = 3_000;

    // --- The callees' own bounded waits ------------------------------------------------------------------

    /**
     * How long order-service's POST /orders waits for a concurrent request with the same Idempotency-Key
     * before it answers 409 (configuration {@code orders.idempotency.wait} must not exceed it). A double
     * submit normally finds the first order done within milliseconds; a longer wait would have to be added
     * to the gateway's {@link #GATEWAY_PLACE_ORDER_TIMEOUT_MS}.
     */
    public static final long IDEMPOTENCY_WAIT_MS = 2_000;
    /** order-service polls the Idempotency-Key every 50 ms, so it notices the end of the wait up to one poll late. */
    public static final long IDEMPOTENCY_POLL_MS = 50;
    /** user-service's GET /users/{id} makes up to three Redis calls (evict, read, fill), each cut at 250 ms. */
    public static final long USER_LOOKUP_CACHE_WAITS_MS = 3 * 250;

    /**
     * One hop: who calls whom for what, with its policy and what the callee may need before it answers.
     *
     * @param caller the calling service
     * @param call the callee and the endpoint(s), e.g. {@code "user-service GET /users/{id}"}
     * @param timeoutMs per attempt
     * @param retries attempts after the first (0 for writes)
     * @param breakerWindow calls in the circuit breaker's rolling window
     * @param readTimeoutMs the REST client's read timeout (a backstop)
     * @param calleeWorstCaseMs the longest the callee may legitimately take to answer one attempt; no attempt is
     *     started with less time left than this and {@link #ANSWER_RESERVE_MS} ({@link Attempt#of})
     */
    public record Hop(
            String caller,
            String call,
            long timeoutMs,
            int retries,
            int breakerWindow,
            long readTimeoutMs,
            long calleeWorstCaseMs) {

        /**
         * The longest the caller may spend on this hop, retries included: every attempt may run up to its
         * timeout (a timeout is not retried, but a 5xx just before it is) and every retry waits up to
         * {@link #RETRY_DELAY_MS} + {@link #RETRY_JITTER_MS} first.
         */
        public long worstCaseMs() {
            return timeoutMs * (retries + 1) + retries * (RETRY_DELAY_MS + RETRY_JITTER_MS);
        }

        /**
         * What the caller tells the callee for one attempt ({@code X-Request-Timeout-Ms}) when its own deadline
         * is not nearer: the timeout less {@link #ANSWER_RESERVE_MS}.
         */
        public long budgetMs() {
            return timeoutMs - ANSWER_RESERVE_MS;
        }
    }

    /** order-service -> user-service: checking the user of a new order. */
    public static final Hop ORDER_USER_LOOKUP = new Hop(
            "order-service",
            "user-service GET /users/{id}",
            ORDER_USER_LOOKUP_TIMEOUT_MS,
            ORDER_USER_LOOKUP_RETRIES,
            ORDER_USER_LOOKUP_BREAKER_WINDOW,
            ORDER_USER_SERVICE_READ_TIMEOUT_MS,
            USER_LOOKUP_CACHE_WAITS_MS + CALLEE_WORK_BUDGET_MS);

    /**
     * The longest order-service's POST /orders may legitimately take: a wait for a concurrent request with
     * the same Idempotency-Key (which then gave up), its own check of the user with a retry, and the insert.
     */
    public static final long ORDER_PLACEMENT_WORST_CASE =
            IDEMPOTENCY_WAIT_MS + IDEMPOTENCY_POLL_MS + ORDER_USER_LOOKUP.worstCaseMs() + CALLEE_WORK_BUDGET_MS;

    /** gateway -> user-service GET. */
    public static final Hop GATEWAY_USER_READS = new Hop(
            "gateway-service",
            "user-service GET /users/{id}",
            GATEWAY_USER_READ_TIMEOUT_MS,
            GATEWAY_USER_READ_RETRIES,
            GATEWAY_BREAKER_WINDOW,
            GATEWAY_USER_SERVICE_READ_TIMEOUT_MS,
            USER_LOOKUP_CACHE_WAITS_MS + CALLEE_WORK_BUDGET_MS);

    /** gateway -> user-service POST (no cache involved). */
    public static final Hop GATEWAY_USER_CREATE = new Hop(
            "gateway-service",
            "user-service POST /users",
            GATEWAY_USER_CREATE_TIMEOUT_MS,
            0,
            GATEWAY_BREAKER_WINDOW,
            GATEWAY_USER_SERVICE_READ_TIMEOUT_MS,
            CALLEE_WORK_BUDGET_MS);

    /** gateway -> order-service GETs (answered from order-service's database alone). */
    public static final Hop GATEWAY_ORDER_READS = new Hop(
            "gateway-service",
            "order-service GET /orders/{id}, /orders?userId=, /orders/stats, /products",
            GATEWAY_ORDER_READ_TIMEOUT_MS,
            GATEWAY_ORDER_READ_RETRIES,
            GATEWAY_BREAKER_WINDOW,
            GATEWAY_ORDER_SERVICE_READ_TIMEOUT_MS,
            CALLEE_WORK_BUDGET_MS);

    /** gateway -> order-service POST. */
    public static final Hop GATEWAY_PLACE_ORDER = new Hop(
            "gateway-service",
            "order-service POST /orders",
            GATEWAY_PLACE_ORDER_TIMEOUT_MS,
            0,
            GATEWAY_BREAKER_WINDOW,
            GATEWAY_ORDER_SERVICE_READ_TIMEOUT_MS,
            ORDER_PLACEMENT_WORST_CASE);

    /** Every hop, in the order of the README's table. */
    public static final List<Hop> HOPS = List.of(
            GATEWAY_USER_READS, GATEWAY_USER_CREATE, GATEWAY_ORDER_READS, GATEWAY_PLACE_ORDER, ORDER_USER_LOOKUP);

    private CallPolicy() {}
}
