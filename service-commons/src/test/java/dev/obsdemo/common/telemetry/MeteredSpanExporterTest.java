package dev.obsdemo.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MeteredSpanExporterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static List<SpanData> spans(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> (SpanData) TestSpanData.builder()
                        .setName("span " + i)
                        .setKind(SpanKind.INTERNAL)
                        .setStartEpochNanos(1)
                        .setEndEpochNanos(2)
                        .setHasEnded(true)
                        .setStatus(StatusData.unset())
                        .build())
                .toList();
    }

    private double exported(String errorType) {
        Counter counter = registry.find(MeteredSpanExporter.EXPORTED)
                .tag("error.type", errorType)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void acceptedSpansAreCountedWithoutErrorType() {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        MeteredSpanExporter exporter = new MeteredSpanExporter(memory, registry, "test");

        exporter.export(spans(3)).join(1, TimeUnit.SECONDS);

        assertThat(memory.getFinishedSpanItems()).hasSize(3);
        assertThat(exported("")).isEqualTo(3);
    }

    @Test
    void spansACollectorThatIsDownNeverGotAreCountedAsLostWithTheCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SpanExporter otlp = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + closedPort + "/v1/traces")
                .setTimeout(Duration.ofSeconds(2))
                .setRetryPolicy(null)
                .build();
        MeteredSpanExporter exporter = new MeteredSpanExporter(otlp, registry, "otlp_http_span_exporter");

        CompletableResultCode result = exporter.export(spans(5)).join(5, TimeUnit.SECONDS);

        assertThat(result.isSuccess()).isFalse();
        assertThat(exported("ConnectException")).isEqualTo(5);
        assertThat(exported("")).isZero();
        exporter.shutdown();
    }

    @Test
    void aFailureWithoutCauseStillHasAnErrorType() {
        CompletableResultCode failed = new CompletableResultCode().fail();
        assertThat(MeteredSpanExporter.errorType(failed)).isEqualTo("failed");
    }
}
