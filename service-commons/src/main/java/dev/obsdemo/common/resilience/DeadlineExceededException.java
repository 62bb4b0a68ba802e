package dev.obsdemo.common.resilience;

import java.time.Duration;

/**
 * A call that was not started because too little is left of the request's deadline to cover what the callee
 * may need ({@link CallPolicy.Hop#calleeWorstCaseMs()}) and the answer's way back: its caller would give up
 * before the answer came. Not evidence about the callee, which was not asked: the circuit breakers do not count
 * it as a failure ({@code skipOn}; MicroProfile Fault Tolerance counts such an outcome as a success) and retries
 * stop on it.
 */
public class DeadlineExceededException extends RuntimeException {

    DeadlineExceededException(String call, Duration left, long needed) {
        super(
                "Not called: " + call + " may need " + needed + " ms and this request has " + left.toMillis()
                        + " ms left",
                null,
                false,
                false);
    }
}
