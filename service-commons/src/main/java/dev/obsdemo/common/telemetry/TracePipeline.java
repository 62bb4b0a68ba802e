package dev.obsdemo.common.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the services' spans are sampled and leave the process. Quarkus takes the {@link Sampler}, every
 * {@link SpanExporter} and every {@link SpanProcessor} bean: the exporter below replaces Quarkus' own OTLP
 * exporter (a SpanExporter bean does that), and Quarkus puts it behind the SDK's batch span processor
 * ({@code quarkus.otel.bsp.*}).
 *
 * <p>The exporter is the OpenTelemetry SDK's OTLP/HTTP exporter on the JDK's HTTP client, wrapped so that
 * lost spans are a metric ({@link MeteredSpanExporter}); Quarkus' built-in exporter reports nothing about the
 * spans it fails to send. It sends to the OpenTelemetry Collector, {@code quarkus.otel.exporter.otlp.traces.endpoint}
 * + {@code /v1/traces} (default {@code http://localhost:4318}, from {@code OTEL_EXPORTER_OTLP_ENDPOINT}),
 * without retries: the collector is next to the service and holds the retry queues towards the backends, so a
 * collector that is down costs the batch at hand, counted, instead of a blocked export thread and a full queue.
 */
@Singleton
public class TracePipeline {

    /** See {@link RequestRootSampler}; {@code quarkus.otel.traces.sampler.arg} is the share of new traces sampled. */
    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        return RequestRootSampler.parentBased(ratio);
    }

    /**
     * The OTLP/HTTP exporter, or one that drops everything when no endpoint is configured (the tests read spans
     * from an in-memory exporter instead).
     */
    @Produces
    @Singleton
    SpanExporter otlpExporter(
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint") Optional<String> endpoint,
            @ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.timeout", defaultValue = "10s")
                    Duration timeout) {
        if (endpoint.isEmpty()) {
            return SpanExporter.composite();
        }
        SpanExporter otlp = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.get().replaceAll("/+$", "") + "/v1/traces")
                .setTimeout(timeout)
                .setRetryPolicy(null)
                .build();
        return new MeteredSpanExporter(otlp, registry, "otlp_http_span_exporter");
    }

    @Produces
    @Singleton
    SpanProcessor endedSpans(MeterRegistry registry) {
        return new EndedSpanCounter(registry);
    }
}
