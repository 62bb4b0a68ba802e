package dev.obsdemo.common.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Every timer (HTTP server and client requests, our own timers) publishes a percentile histogram, so
 * Prometheus can compute p50/p95/p99 across instances with {@code histogram_quantile}, plus exact buckets at
 * the latency objectives the SLOs and alerts use (100 ms, 300 ms, 500 ms, 1 s). The range is bounded
 * (1 ms to 10 s) to keep the number of buckets, and so of series, small. Histogram buckets carry exemplars
 * (trace IDs) in the OpenMetrics output.
 */
@Singleton
public class HistogramConfig implements MeterFilter {

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER) {
            return config;
        }
        return DistributionStatisticConfig.builder()
                .percentilesHistogram(true)
                .serviceLevelObjectives(
                        Duration.ofMillis(100).toNanos(), Duration.ofMillis(300).toNanos(),
                        Duration.ofMillis(500).toNanos(), Duration.ofSeconds(1).toNanos())
                .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
                .build()
                .merge(config);
    }
}
