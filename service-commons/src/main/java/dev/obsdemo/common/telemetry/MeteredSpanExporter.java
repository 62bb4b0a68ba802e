package dev.obsdemo.common.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Counts what a span exporter did with each batch, so a service's lost spans are a metric instead of a log
 * line: {@code otel.sdk.exporter.span.exported} (Prometheus: {@code otel_sdk_exporter_span_exported_total}),
 * the OpenTelemetry semantic convention for SDK exporters, with {@code error.type} empty for spans the
 * collector accepted and set for spans that were lost: the HTTP status the collector answered (e.g.
 * {@code 503}) or the exception's simple class name ({@code ConnectException} when it is down).
 *
 * <p>The SDK's exporters can record this themselves, but only through an OpenTelemetry MeterProvider; these
 * services publish metrics with Micrometer, so the count is taken here, around the exporter. The SDK's
 * exporter also logs nothing when the collector refuses connections, so this class logs once when exports
 * start failing (WARN) and once when they succeed again (INFO), not once per batch.
 */
final class MeteredSpanExporter implements SpanExporter {

    static final String EXPORTED = "otel.sdk.exporter.span.exported";
    private static final Logger LOG = Logger.getLogger(MeteredSpanExporter.class);

    private final SpanExporter delegate;
    private final MeterRegistry registry;
    private final String componentType;
    private final Counter accepted;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param componentType the exporter's {@code otel.component.type}, e.g. {@code otlp_http_span_exporter}
     */
    MeteredSpanExporter(SpanExporter delegate, MeterRegistry registry, String componentType) {
        this.delegate = delegate;
        this.registry = registry;
        this.componentType = componentType;
        this.accepted = counter("");
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = delegate.export(spans);
        int count = spans.size();
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                accepted.increment(count);
                if (failing.compareAndSet(true, false)) {
                    LOG.info("Span export succeeds again");
                }
            } else {
                String errorType = errorType(result);
                counter(errorType).increment(count);
                if (failing.compareAndSet(false, true)) {
                    LOG.warnf(
                            "Span export failed (%s): spans are dropped until it succeeds again; count: %s_total{error_type!=\"\"}",
                            errorType, EXPORTED.replace('.', '_'));
                }
            }
        });
        return result;
    }

    private Counter counter(String errorType) {
        return Counter.builder(EXPORTED)
                .description(
                        "Spans the exporter finished with: error.type is empty when the receiver accepted them and names the failure when they were lost")
                .tag("otel.component.type", componentType)
                .tag("error.type", errorType)
                .register(registry);
    }

    /**
     * The collector's HTTP status, or the simple class name of the exception that failed the export, unwrapped
     * from the SDK's and the HTTP client's wrappers ({@code ConnectException}, {@code HttpTimeoutException}).
     */
    static String errorType(CompletableResultCode result) {
        Throwable failure = result.getFailureThrowable();
        if (failure instanceof FailedExportException.HttpExportException http && http.getResponse() != null) {
            return Integer.toString(http.getResponse().statusCode());
        }
        while ((failure instanceof FailedExportException
                        || failure instanceof CompletionException
                        || failure instanceof ExecutionException
                        || failure instanceof UncheckedIOException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure == null ? "failed" : failure.getClass().getSimpleName();
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public String toString() {
        return "MeteredSpanExporter{" + delegate + "}";
    }
}
