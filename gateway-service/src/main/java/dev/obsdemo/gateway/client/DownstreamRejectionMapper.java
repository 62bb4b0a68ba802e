package dev.obsdemo.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.obsdemo.common.problem.Problem;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns a downstream 4xx into a {@link DownstreamRejection} that carries the downstream problem document.
 * 5xx answers are left to the default mapper: they become failures that count against the circuit breaker.
 */
public class DownstreamRejectionMapper implements ResponseExceptionMapper<DownstreamRejection> {

    /** The downstream problem, read tolerantly: extension members we do not know are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProblemBody(URI type, String title, String detail, List<Problem.FieldError> errors) {
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400 && status < 500;
    }

    @Override
    public DownstreamRejection toThrowable(Response response) {
        int status = response.getStatus();
        ProblemBody body = null;
        try {
            body = response.readEntity(ProblemBody.class);
        } catch (ProcessingException | IllegalStateException notAProblemDocument) {
            // fall through to a generic problem with the downstream status
        }
        if (body == null) {
            return new DownstreamRejection(status, URI.create("about:blank"), response.getStatusInfo().getReasonPhrase(),
                    "Rejected by a downstream service", List.of());
        }
        return new DownstreamRejection(status, body.type() == null ? URI.create("about:blank") : body.type(),
                body.title(), body.detail(), body.errors());
    }
}
