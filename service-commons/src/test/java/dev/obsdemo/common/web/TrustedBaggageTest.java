package dev.obsdemo.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a hop keeps of a caller's baggage, measured as the next hop receives it. */
class TrustedBaggageTest {

    private static final String REQUEST_ID = "r".repeat(128);

    private static String onTheWire(Baggage baggage) {
        Map<String, String> carrier = new HashMap<>();
        W3CBaggagePropagator.getInstance().inject(Context.root().with(baggage), carrier, Map::put);
        return carrier.getOrDefault("baggage", "");
    }

    private static Baggage extracted(String header) {
        return Baggage.fromContext(
                W3CBaggagePropagator.getInstance().extract(Context.root(), Map.of("baggage", header), new MapGetter()));
    }

    @Test
    void theRequestIdIsAlwaysThereAndTheCallersOwnNamespaceNever() {
        Baggage kept = TrustedBaggage.keep(extracted("app.request.id=theirs,app.other=x,user.tier=gold"), "mine-1");

        assertThat(kept.getEntryValue("app.request.id")).isEqualTo("mine-1");
        assertThat(kept.getEntryValue("app.other")).isNull();
        assertThat(kept.getEntryValue("user.tier")).isEqualTo("gold");
    }

    @Test
    void atMost64MembersWithTheRequestIdAmongThem() {
        BaggageBuilder many = Baggage.builder();
        for (int i = 0; i < 100; i++) {
            many.put(String.format("k%03d", i), "v");
        }

        Baggage kept = TrustedBaggage.keep(many.build(), REQUEST_ID);

        assertThat(kept.size()).isEqualTo(TrustedBaggage.MAX_MEMBERS);
        assertThat(kept.getEntryValue("k000")).isEqualTo("v");
        assertThat(kept.getEntryValue("k062")).isEqualTo("v");
        assertThat(kept.getEntryValue("k063")).isNull();
    }

    @Test
    void aValueThatGrowsPastTheLimitWhenEncodedIsDroppedWhole() {
        Baggage kept = TrustedBaggage.keep(extracted("a=1,slashes=" + "/".repeat(7_000) + ",z=2"), REQUEST_ID);

        assertThat(kept.getEntryValue("slashes")).isNull();
        assertThat(kept.getEntryValue("a")).isEqualTo("1");
        assertThat(kept.getEntryValue("z")).isEqualTo("2");
    }

    @Test
    void theEncodedHeaderNeverExceeds8192Bytes() {
        BaggageBuilder big = Baggage.builder();
        for (int i = 0; i < 60; i++) {
            big.put("key" + i, "%".repeat(100) + i); // each '%' is three bytes once encoded
        }

        String header = onTheWire(TrustedBaggage.keep(big.build(), REQUEST_ID));

        assertThat(header.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TrustedBaggage.MAX_BYTES);
        assertThat(header).contains("app.request.id=" + REQUEST_ID);
    }

    @Test
    void membersThatFitExactlyAreKept() {
        // Members of 1,100 bytes each ("k0=" and 1,097 x): the request ID's member (143 bytes) and seven of them,
        // with their commas, take 7,850 bytes; an eighth would take 8,951.
        BaggageBuilder builder = Baggage.builder();
        for (int i = 0; i < 10; i++) {
            builder.put("k" + i, "x".repeat(1_100 - 3));
        }

        Baggage kept = TrustedBaggage.keep(builder.build(), REQUEST_ID);

        assertThat(kept.size()).isEqualTo(8);
        assertThat(onTheWire(kept).length()).isLessThanOrEqualTo(TrustedBaggage.MAX_BYTES);
    }

    private static final class MapGetter
            implements io.opentelemetry.context.propagation.TextMapGetter<Map<String, String>> {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
