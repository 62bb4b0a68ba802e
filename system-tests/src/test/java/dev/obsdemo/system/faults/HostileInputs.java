package dev.obsdemo.system.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every class of hostile input the public edge must refuse cleanly, sent {@link #ROUNDS} times each while the
 * steady load runs: each must be answered within {@link Route#HOSTILE}'s budget with the status the README
 * documents (or the RFC that defines it), never a 5xx; an error is an RFC 9457 problem with the request ID;
 * and the load beside it must not notice.
 */
final class HostileInputs {

    static final int ROUNDS = 6;

    /**
     * One class of hostile input.
     *
     * @param name the class, for the report
     * @param expected the statuses that answer it correctly
     * @param method the HTTP method
     * @param path path and query
     * @param body the body, or null
     * @param headers headers besides {@code X-Request-ID}
     * @param sendsRequestId false when the class is the request ID itself (then the sent one is invalid)
     */
    record Input(
            String name,
            Set<Integer> expected,
            String method,
            String path,
            String body,
            Map<String, String> headers,
            boolean sendsRequestId) {}

    private final List<Outcome> outcomes = new ArrayList<>();
    private final Map<String, Input> classes = new LinkedHashMap<>();

    HostileInputs() {
        String big = "x".repeat(70 * 1024);
        add(new Input(
                "body over 64 KiB (RFC 9110 413)",
                Set.of(413),
                "POST",
                "/api/users",
                "{\"name\":\"" + big + "\",\"email\":\"big@example.com\"}",
                Map.of(),
                true));
        add(new Input("malformed JSON", Set.of(400), "POST", "/api/users", "{\"name\":", Map.of(), true));
        add(new Input(
                "unknown JSON field",
                Set.of(400),
                "POST",
                "/api/users",
                "{\"name\":\"A\",\"email\":\"a@example.com\",\"admin\":true}",
                Map.of(),
                true));
        add(new Input(
                "type coercion (a string for a number)",
                Set.of(400),
                "POST",
                "/api/orders",
                "{\"userId\":\"1\",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}",
                Map.of(),
                true));
        add(new Input(
                "NUL character in text",
                Set.of(400),
                "POST",
                "/api/users",
                "{\"name\":\"A\\u0000B\",\"email\":\"nul-" + UUID.randomUUID() + "@example.com\"}",
                Map.of(),
                true));
        add(new Input(
                "header section over 20 KiB (RFC 6585 431)",
                Set.of(431),
                "GET",
                "/api/products",
                null,
                Map.of("X-Padding", "p".repeat(32 * 1024)),
                true));
        add(new Input(
                "URI over 8 KiB (RFC 9110 414)",
                Set.of(414),
                "GET",
                "/api/products?padding=" + "q".repeat(10 * 1024),
                null,
                Map.of(),
                true));
        add(new Input("unknown route", Set.of(404), "GET", "/api/no-such-route", null, Map.of(), true));
        add(new Input("OPTIONS on a route", Set.of(200, 204), "OPTIONS", "/api/users", null, Map.of(), true));
        add(new Input("non-numeric ID", Set.of(400, 404), "GET", "/api/users/abc", null, Map.of(), true));
        add(new Input("ID out of range (0)", Set.of(400), "GET", "/api/users/0", null, Map.of(), true));
        add(new Input(
                "ID past 64 bits", Set.of(400, 404), "GET", "/api/users/99999999999999999999", null, Map.of(), true));
        add(new Input(
                "wrong media type (RFC 9110 415)",
                Set.of(415),
                "POST",
                "/api/users",
                "name=A",
                Map.of("Content-Type", "text/plain"),
                true));
        add(new Input(
                "invalid Idempotency-Key",
                Set.of(400),
                "POST",
                "/api/orders",
                "{\"userId\":1,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}",
                Map.of("Idempotency-Key", "k".repeat(200)),
                true));
        add(new Input(
                "invalid X-Request-ID (replaced, never echoed)",
                Set.of(200),
                "GET",
                "/api/products",
                null,
                Map.of("X-Request-ID", "<script>alert(1)</script> " + "r".repeat(200)),
                false));
        add(new Input(
                "malformed W3C baggage (ignored)",
                Set.of(200),
                "GET",
                "/api/products",
                null,
                Map.of("baggage", "=;;,,%zz=%%%,app.request.id=%00"),
                true));
        add(new Input(
                "malformed traceparent (a new trace)",
                Set.of(200),
                "GET",
                "/api/products",
                null,
                Map.of("traceparent", "00-zzzz-not-a-trace-01"),
                true));
    }

    private void add(Input input) {
        classes.put(input.name(), input);
    }

    /** Sends every class {@link #ROUNDS} times, round by round. */
    void send(GatewayClient gateway, String requestIdPrefix) {
        int n = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Input input : classes.values()) {
                Map<String, String> headers = new LinkedHashMap<>(input.headers());
                if (input.sendsRequestId()) {
                    headers.put("X-Request-ID", requestIdPrefix + "hostile-" + n++);
                }
                Outcome outcome =
                        gateway.send(Route.HOSTILE, input.name(), input.method(), input.path(), input.body(), headers);
                synchronized (outcomes) {
                    outcomes.add(outcome);
                }
            }
        }
    }

    /** Every answer so far. */
    List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** The classes, by name. */
    Map<String, Input> classes() {
        return classes;
    }

    /**
     * The rules one hostile answer breaks: the expected status, never 5xx, in time, a problem for an error,
     * and a request ID that is the client's own when valid and a fresh valid one otherwise, never the hostile
     * value echoed.
     */
    List<String> breaches(Outcome o) {
        Input input = classes.get(o.label());
        List<String> breaches = new ArrayList<>(OutcomeRules.timing(o));
        if (o.status() < 0) {
            breaches.add("no answer (" + o.detail() + ")");
            return breaches;
        }
        if (!input.expected().contains(o.status())) {
            breaches.add(o.status() + ", expected " + input.expected() + ": " + o.detail());
        }
        if (o.status() >= 400) {
            breaches.addAll(OutcomeRules.problem(o));
        }
        if (input.sendsRequestId()) {
            breaches.addAll(OutcomeRules.requestId(o));
        } else if (!RequestIdSyntax.isValid(o.requestIdHeader())) {
            breaches.add("an invalid X-Request-ID was answered with " + o.requestIdHeader() + ", not a fresh one");
        }
        return breaches;
    }
}
