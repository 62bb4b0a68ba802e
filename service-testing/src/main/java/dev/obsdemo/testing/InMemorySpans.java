package dev.obsdemo.testing;

import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The spans a service under test exported. Producing the {@link InMemorySpanExporter} bean replaces the OTLP
 * exporter (Quarkus uses any SpanExporter bean), so tests read real spans, batched as in production.
 */
@ApplicationScoped
public class InMemorySpans {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return exporter;
    }

    public void reset() {
        exporter.reset();
    }

    /** Every finished span of this trace, waiting until one matching {@code until} has been exported. */
    public List<SpanData> trace(String traceId, Predicate<SpanData> until) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ofTrace(traceId).stream().anyMatch(until));
        return ofTrace(traceId);
    }

    public List<SpanData> ofTrace(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    public List<SpanData> all() {
        return exporter.getFinishedSpanItems();
    }

    public static Predicate<SpanData> serverSpan() {
        return s -> s.getKind() == SpanKind.SERVER;
    }

    public static Optional<SpanData> find(List<SpanData> spans, Predicate<SpanData> which) {
        return spans.stream().filter(which).findFirst();
    }

    public static String attribute(SpanData span, String key) {
        Object value = span.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(key)).map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        return value == null ? null : value.toString();
    }

    public static Predicate<SpanData> withAttribute(String key, String value) {
        return s -> value.equals(attribute(s, key));
    }

    public static Predicate<SpanData> dbSystem(String system) {
        return s -> system.equals(s.getAttributes().get(AttributeKey.stringKey("db.system")))
                || system.equals(s.getAttributes().get(AttributeKey.stringKey("db.system.name")));
    }
}
