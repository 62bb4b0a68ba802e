package dev.obsdemo.common.web;

import dev.obsdemo.common.telemetry.AppAttributes;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a service keeps of the {@code baggage} a caller sent (W3C Baggage, https://www.w3.org/TR/baggage/), and
 * so forwards on every call it makes: at most {@link #MAX_MEMBERS} list-members in at most {@link #MAX_BYTES}
 * bytes, the limits the specification requires every platform to propagate ("Limits"). Whole members are kept
 * or dropped, never cut ("a platform ... MUST NOT propagate any partial list-members").
 *
 * <p>Sizes are measured as the next hop receives them, re-encoded by OpenTelemetry's propagator: a value of
 * 7,000 {@code /} grows to 21,000 bytes of {@code %2F}, so it is dropped, not forwarded into a downstream's
 * header limit. OpenTelemetry keeps baggage sorted by key, so members are taken in key order. Keys under
 * {@code app.} belong to this system: a caller's are dropped, and {@code app.request.id} is set from the request
 * ID the service chose ({@link RequestIds}), never taken from baggage.
 */
public final class TrustedBaggage {

    /** List-members a hop keeps and forwards, the request ID's own included. */
    public static final int MAX_MEMBERS = 64;
    /** Bytes of the {@code baggage} header a hop forwards, as encoded on the wire. */
    public static final int MAX_BYTES = 8_192;

    private static final String OWN_NAMESPACE = "app.";

    private TrustedBaggage() {}

    /**
     * The baggage to make current for a request: the caller's members within the limits, plus
     * {@code app.request.id}.
     *
     * @param incoming the baggage the propagator extracted from the caller's header (empty when none)
     * @param requestId the request's ID, already valid (1-128 characters)
     */
    public static Baggage keep(Baggage incoming, String requestId) {
        BaggageBuilder kept = Baggage.builder().put(AppAttributes.REQUEST_ID_BAGGAGE, requestId);
        int members = 1;
        int bytes = encodedSize(AppAttributes.REQUEST_ID_BAGGAGE, requestId, null);
        for (Map.Entry<String, BaggageEntry> member : incoming.asMap().entrySet()) {
            String key = member.getKey();
            if (members == MAX_MEMBERS) {
                break;
            }
            if (key.startsWith(OWN_NAMESPACE)) {
                continue;
            }
            BaggageEntry entry = member.getValue();
            int size = encodedSize(key, entry.getValue(), entry);
            if (bytes + 1 + size > MAX_BYTES) {
                continue; // too large to fit whole; a smaller member after it may still fit
            }
            kept.put(key, entry.getValue(), entry.getMetadata());
            members++;
            bytes += 1 + size; // and the comma between members
        }
        return kept.build();
    }

    /** Bytes of one list-member as OpenTelemetry's propagator writes it. */
    private static int encodedSize(String key, String value, BaggageEntry entry) {
        Baggage one = entry == null
                ? Baggage.builder().put(key, value).build()
                : Baggage.builder().put(key, value, entry.getMetadata()).build();
        Map<String, String> carrier = new HashMap<>();
        W3CBaggagePropagator.getInstance().inject(Context.root().with(one), carrier, Map::put);
        String header = carrier.getOrDefault("baggage", "");
        return header.getBytes(StandardCharsets.UTF_8).length;
    }
}
