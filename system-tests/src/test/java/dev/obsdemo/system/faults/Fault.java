package dev.obsdemo.system.faults;

import java.util.Set;

/**
 * One fault of the suite: how to cause it and undo it, and what the system must show while it lasts.
 *
 * @param id short and safe in a request ID or Idempotency-Key, e.g. {@code kill-user-service}
 * @param name what happens, for the report
 * @param inject causes the fault
 * @param heal undoes it; always run, also when {@code inject} or the hold failed
 * @param holdMs how long the fault lasts before it is healed, in ms
 * @param failuresAllowed false when the system must absorb the fault without failing a request (then a 503
 *     is a breach, and no breaker of the gateway may open)
 * @param killed the service the fault kills: its probes may go unanswered until it is back
 * @param readinessDown the services whose readiness must go DOWN (unanswered, for a killed one) and back UP;
 *     every other service must stay ready throughout
 * @param breakersOpen breakers ({@link Breakers} names) that must open while the fault lasts, and close after
 * @param recoveryBoundMs from the start of {@code heal} to every probe ready, every breaker closed and every
 *     route answering again, in ms
 * @param hostile hostile input sent while the fault lasts, or null
 */
record Fault(
        String id,
        String name,
        Action inject,
        Action heal,
        long holdMs,
        boolean failuresAllowed,
        Probes.Service killed,
        Set<Probes.Service> readinessDown,
        Set<String> breakersOpen,
        long recoveryBoundMs,
        HostileInputs hostile) {

    /** A step that may fail with anything (a script, a process, an HTTP call). */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }
}
