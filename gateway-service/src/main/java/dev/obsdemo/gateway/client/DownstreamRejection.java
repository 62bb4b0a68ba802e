package dev.obsdemo.gateway.client;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import java.net.URI;
import java.util.List;

/**
 * A downstream service answered 4xx: the client's request was wrong (or named something that does not
 * exist), not the service. The gateway relays the downstream problem as it is; it neither trips a circuit
 * breaker nor is retried.
 */
public class DownstreamRejection extends ProblemException {

    public DownstreamRejection(int status, URI type, String title, String detail, List<Problem.FieldError> errors) {
        super(status, type, title, detail, errors, null, null);
    }
}
