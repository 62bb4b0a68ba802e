package dev.obsdemo.system.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * What the issue demands of every answer while a fault lasts, as rules over one {@link Outcome}: no request
 * waits past its route's documented timeout ({@link Route#budgetMs()}); a failure is a 503 (or a 429) RFC 9457
 * problem ({@code application/problem+json}) whose {@code requestId} is the {@code X-Request-ID} of the answer,
 * never a 500, a dropped connection or a hang; the gateway keeps the client's valid request ID (1-128
 * characters of {@code A-Z a-z 0-9 . _ : -}); a 429 says when to retry ({@code Retry-After}, RFC 9110 10.2.3).
 */
final class OutcomeRules {

    static final String PROBLEM_JSON = "application/problem+json";

    private OutcomeRules() {}

    /**
     * The rules one answer of the steady load breaks; empty when it keeps them all.
     *
     * @param failuresAllowed false for a fault the system must absorb without failing a request (Redis down,
     *     the trace pipeline down): then a 503 is a breach too
     */
    static List<String> breaches(Outcome o, boolean failuresAllowed) {
        List<String> breaches = new ArrayList<>(timing(o));
        if (o.status() == Outcome.NO_ANSWER) {
            breaches.add("no answer (" + o.detail() + ")");
        } else if (o.status() == Outcome.TIMED_OUT) {
            breaches.add("no answer within the client's timeout");
        } else if (o.status() == 503 || o.status() == 429) {
            if (!failuresAllowed) {
                breaches.add(o.status() + " although this fault must not fail a request: " + o.detail());
            }
            breaches.addAll(problem(o));
            if (o.status() == 429 && o.retryAfter() == null) {
                breaches.add("429 without Retry-After");
            }
        } else if (o.status() >= 500) {
            breaches.add(o.status() + ", not 503: " + o.detail());
            breaches.addAll(problem(o));
        } else if (!o.succeeded()) {
            breaches.add("unexpected " + o.status() + " for a valid request: " + o.detail());
        }
        breaches.addAll(requestId(o));
        return breaches;
    }

    /** Answered within the route's budget. */
    static List<String> timing(Outcome o) {
        long budget = o.route().budgetMs();
        return o.millis() > budget
                ? List.of("waited " + o.millis() + " ms, over the documented " + budget + " ms")
                : List.of();
    }

    /** An RFC 9457 problem document that names the request it answers. */
    static List<String> problem(Outcome o) {
        List<String> breaches = new ArrayList<>();
        if (o.contentType() == null || !o.contentType().startsWith(PROBLEM_JSON)) {
            breaches.add(o.status() + " is not a problem document (Content-Type " + o.contentType() + ")");
        } else if (o.problemRequestId() == null) {
            breaches.add(o.status() + " problem without requestId");
        } else if (!o.problemRequestId().equals(o.requestIdHeader())) {
            breaches.add(o.status() + " problem's requestId " + o.problemRequestId() + " is not the X-Request-ID "
                    + o.requestIdHeader());
        }
        return breaches;
    }

    /** Every answer carries the request ID, the client's own when it sent a valid one. */
    static List<String> requestId(Outcome o) {
        if (o.status() < 0) {
            return List.of();
        }
        if (o.requestIdHeader() == null) {
            return List.of(o.status() + " without X-Request-ID");
        }
        if (o.sentRequestId() != null
                && RequestIdSyntax.isValid(o.sentRequestId())
                && !o.sentRequestId().equals(o.requestIdHeader())) {
            return List.of("the valid X-Request-ID " + o.sentRequestId() + " came back as " + o.requestIdHeader());
        }
        return List.of();
    }
}
