package dev.obsdemo.common.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts the sampled spans that ended, {@code otel.sdk.span.ended} (Prometheus:
 * {@code otel_sdk_span_ended_total}): what the service handed to its export pipeline. Beside
 * {@link MeteredSpanExporter}'s count of spans the collector accepted, the difference is every span the
 * service lost, also those the batch processor dropped because its queue was full, which no exporter sees.
 * (Semantic conventions 1.37 name only {@code otel.sdk.span.started} and {@code .live}; ended is their
 * difference, counted directly here.)
 */
final class EndedSpanCounter implements SpanProcessor {

    private final Counter ended;

    EndedSpanCounter(MeterRegistry registry) {
        this.ended = Counter.builder("otel.sdk.span.ended")
                .description("Sampled spans that ended and were handed to the span exporter's queue")
                .register(registry);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (span.getSpanContext().isSampled()) {
            ended.increment();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
