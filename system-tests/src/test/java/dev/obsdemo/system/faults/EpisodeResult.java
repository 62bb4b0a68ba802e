package dev.obsdemo.system.faults;

import java.util.List;

/**
 * The measured outcome of one fault episode (or one class of hostile input), a row of docs/reliability.md.
 *
 * @param fault what was done
 * @param requests requests the client sent through the gateway (load, recovery checks, retries by key)
 * @param served2xx of those, answered 2xx
 * @param served503 answered 503
 * @param served429 answered 429
 * @param otherFailures answered another 5xx, or not at all
 * @param worstMs the longest wait for an answer, in ms
 * @param worstRoute the route of that wait, with its budget
 * @param readiness how the readiness probes went, e.g. {@code order-service DOWN 9.1 s}
 * @param breakersOpened the breakers that opened
 * @param recoveryMs from the start of healing to everything answering again, in ms; -1 when it did not
 * @param orders201 orders answered 201 while the load ran
 * @param ordersLearnedByKey orders whose requests failed during the fault, settled afterwards by a retry with
 *     the same key
 * @param ordersLost orders answered 200/201 that the database lacks, plus orders in it under two IDs or
 *     unknown to the client
 * @param breaches every rule broken, each with an example (request ID, answer)
 * @param inputClass true for a row of one class of hostile input: probes, breakers, recovery and orders belong
 *     to its episode's row, not to the class
 */
record EpisodeResult(
        String fault,
        long requests,
        long served2xx,
        long served503,
        long served429,
        long otherFailures,
        long worstMs,
        String worstRoute,
        String readiness,
        String breakersOpened,
        long recoveryMs,
        int orders201,
        int ordersLearnedByKey,
        int ordersLost,
        List<String> breaches,
        boolean inputClass) {

    boolean passed() {
        return breaches.isEmpty();
    }
}
