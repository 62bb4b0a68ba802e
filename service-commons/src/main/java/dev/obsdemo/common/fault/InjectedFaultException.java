package dev.obsdemo.common.fault;

import dev.obsdemo.common.problem.ProblemException;
import java.net.URI;

/**
 * A failure injected on purpose ({@link Fault#ERROR_RATIO}): a 500 problem of type {@code .../injected-fault}
 * whose detail names the fault, so nobody mistakes it for a defect.
 */
public class InjectedFaultException extends ProblemException {

    /** @param detail the problem's detail, naming the fault and the route */
    public InjectedFaultException(String detail) {
        super(
                500,
                URI.create("https://obsdemo.dev/problems/injected-fault"),
                "Injected fault",
                detail,
                null,
                null,
                null);
    }
}
