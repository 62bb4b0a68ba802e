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
import java.util.Map;
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

    /** Forgets every span exported so far. */
    public void reset() {
        exporter.reset();
    }

    /** Every finished span of this trace, waiting until one matching {@code until} has been exported. */
    public List<SpanData> trace(String traceId, Predicate<SpanData> until) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> ofTrace(traceId).stream().anyMatch(until));
        return ofTrace(traceId);
    }

    /** The spans of this trace exported so far, without waiting. */
    public List<SpanData> ofTrace(String traceId) {
        return exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .toList();
    }

    /** Every span exported so far. */
    public List<SpanData> all() {
        return exporter.getFinishedSpanItems();
    }

    /** A span of kind SERVER: one per request a service handled. */
    public static Predicate<SpanData> serverSpan() {
        return s -> s.getKind() == SpanKind.SERVER;
    }

    /** The first of {@code spans} that matches. */
    public static Optional<SpanData> find(List<SpanData> spans, Predicate<SpanData> which) {
        return spans.stream().filter(which).findFirst();
    }

    /** The attribute's value as a string, whatever its type; null when the span does not have it. */
    public static String attribute(SpanData span, String key) {
        Object value = span.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        return value == null ? null : value.toString();
    }

    /** A span whose attribute {@code key} reads {@code value} (see {@link #attribute}). */
    public static Predicate<SpanData> withAttribute(String key, String value) {
        return s -> value.equals(attribute(s, key));
    }

    /**
     * A database or Redis CLIENT span of this system ({@code postgresql}, {@code redis}), under the old
     * ({@code db.system}) or the new ({@code db.system.name}) semantic conventions.
     */
    public static Predicate<SpanData> dbSystem(String system) {
        return s -> system.equals(s.getAttributes().get(AttributeKey.stringKey("db.system")))
                || system.equals(s.getAttributes().get(AttributeKey.stringKey("db.system.name")));
    }
}
