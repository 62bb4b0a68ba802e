/**
 * Deadlines that cross the services. A caller tells each callee how long it will wait for the answer (the
 * relative budget {@code X-Request-Timeout-Ms}, its per-attempt timeout less a reserve for the answer's way back,
 * {@code CallPolicy.ANSWER_RESERVE_MS}); {@link dev.obsdemo.common.deadline.DeadlineFilter} makes it the
 * request's {@link dev.obsdemo.common.deadline.Deadline}; the callee's own calls
 * ({@code dev.obsdemo.common.resilience.Attempt}) and bounded waits end by then, and a step whose allowance the
 * time left does not cover is not started. So no callee keeps working for a caller that gave up, and no span
 * outlives the caller's.
 */
package dev.obsdemo.common.deadline;
