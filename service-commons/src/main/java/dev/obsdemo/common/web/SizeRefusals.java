package dev.obsdemo.common.web;

import dev.obsdemo.common.problem.ProblemException;

/**
 * The rule for a downstream that refuses what its caller sent for its size: 413 Content Too Large, 414 URI Too
 * Long, 431 Request Header Fields Too Large. Between the services that is never the end client's fault: every
 * hop keeps its requests within what the next one accepts ({@link TrustedBaggage}, {@link RequestLimits}, the
 * same body limit everywhere), so such an answer means a hop forwarded more than it should have. The caller
 * answers its own client with a 502 ({@link ProblemException#refusedDownstream}) instead of relaying the
 * status as if the client had sent too much; the REST client wrappers use {@link #isSizeRefusal}.
 */
public final class SizeRefusals {

    private SizeRefusals() {}

    /** True for 413, 414 and 431. */
    public static boolean isSizeRefusal(int status) {
        return status == 413 || status == 414 || status == 431;
    }

    /** The 502 problem for a downstream's size refusal with this status and reason phrase. */
    public static ProblemException asGatewayFailure(int status, String reason) {
        return ProblemException.refusedDownstream("A service behind this one refused the request it was sent: " + status
                + " " + reason + ". This is a defect of this service, not of your request");
    }
}
