package dev.obsdemo.common.resilience;

import jakarta.ws.rs.core.Response;

/**
 * A service this one called answered this one request with a 5xx that says nothing about the service being
 * unavailable: a 500 (it failed on this input), a 502 (something it called failed on this request), a 501 or
 * 505. Such an answer is the service working, so the callers' circuit breakers do not count it as a failure
 * ({@code @CircuitBreaker(skipOn = ...)}, which MicroProfile Fault Tolerance counts as a success): one client whose requests keep failing must not suspend the calls of
 * everyone else. The 5xx that do count are 503 (RFC 9110, section 15.6.4: the service cannot handle requests
 * now) and 504 (section 15.6.5: it got no answer in time), like failed connections and timeouts; the REST
 * clients' default mapper fails those calls with a {@code WebApplicationException}.
 *
 * <p>A read that failed this way is still retried once (a 500 can be a transient deadlock); a caller that cannot
 * complete its own request because of it answers 502 (section 15.6.3), never 503.
 */
public class DownstreamRequestFailure extends RuntimeException {

    private final String service;
    private final int status;

    private DownstreamRequestFailure(String service, int status) {
        super(service + " failed on this request with " + statusLine(status), null, false, false);
        this.service = service;
        this.status = status;
    }

    /**
     * For a REST client's {@code @ClientExceptionMapper}: the failure for a 5xx answer that does not mean the
     * service is unavailable.
     *
     * @param service the called service, as the messages name it ({@code user-service})
     * @return null for any other status (a 4xx, 503, 504), which the caller maps otherwise
     */
    public static DownstreamRequestFailure of(String service, Response response) {
        int status = response.getStatus();
        return status >= 500 && !meansUnavailable(status) ? new DownstreamRequestFailure(service, status) : null;
    }

    /** Whether a 5xx status says the service is unavailable (503, 504) rather than failed on one request. */
    public static boolean meansUnavailable(int status) {
        return status == 503 || status == 504;
    }

    /** The service that failed, e.g. {@code user-service}. */
    public String service() {
        return service;
    }

    /** The HTTP status it answered, 500-599 except 503 and 504. */
    public int status() {
        return status;
    }

    /** {@code 500 Internal Server Error}: the code and RFC 9110's reason phrase (none for an unregistered code). */
    private static String statusLine(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? Integer.toString(status) : status + " " + known.getReasonPhrase();
    }
}
