package dev.obsdemo.gateway.client;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.web.SizeRefusals;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * A downstream service answered 4xx: the client's request was wrong (or named something that does not
 * exist), not the service. A 413, 414 or 431 is the exception ({@code SizeRefusals}): a 502, the gateway's own
 * failure. The gateway relays the downstream problem as it is (with the gateway's own
 * {@code instance} and request ID); it is neither retried nor counted by a circuit breaker, nor turned into
 * a 503 by the wrappers' fallbacks.
 */
class DownstreamRejection extends ProblemException {

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** The members of a downstream problem (RFC 9457) that the gateway relays; the rest it drops. */
    record ProblemBody(URI type, String title, String detail, List<Problem.FieldError> errors) {}

    private DownstreamRejection(int status, URI type, String title, String detail, List<Problem.FieldError> errors) {
        super(status, type, title, detail, errors, null, null);
    }

    /**
     * For the REST clients' {@code @ClientExceptionMapper}: a 4xx answer as a rejection carrying the downstream
     * problem, or a generic problem with the downstream status when the body is not a problem document.
     *
     * @return null for any other status: a 5xx, which the API's exception mapper hands to
     *         {@code DownstreamRequestFailure} or the REST client's default mapper (a 503 or 504), and which the
     *         wrapper's fallback turns into a 503
     */
    static DownstreamRejection ofClientError(Response response) {
        int status = response.getStatus();
        if (status < 400 || status >= 500) {
            return null;
        }
        if (SizeRefusals.isSizeRefusal(status)) {
            // The gateway sent more than the service accepts: its own failure (502), neither the client's nor
            // the service's, so it stays a rejection (not retried, not counted by a breaker) with another status.
            ProblemException failure = SizeRefusals.asGatewayFailure(
                    status, response.getStatusInfo().getReasonPhrase());
            return new DownstreamRejection(
                    failure.status(), failure.type(), failure.title(), failure.getMessage(), List.of());
        }
        ProblemBody body = null;
        try {
            body = response.readEntity(ProblemBody.class);
        } catch (ProcessingException | IllegalStateException notAProblemDocument) {
            // fall through to a generic problem with the downstream status
        }
        if (body == null) {
            return new DownstreamRejection(
                    status,
                    ABOUT_BLANK,
                    response.getStatusInfo().getReasonPhrase(),
                    "Rejected by a downstream service",
                    List.of());
        }
        return new DownstreamRejection(
                status, body.type() == null ? ABOUT_BLANK : body.type(), body.title(), body.detail(), body.errors());
    }
}
