package dev.obsdemo.common.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The readiness checks as a metric, {@code health_check_up{probe="readiness", check="..."}} (1 UP, 0 DOWN),
 * so Prometheus can alert on a service that stays not ready and name the check that fails. Kubernetes acts
 * on the probe itself; this makes the same answer visible where alerts and dashboards are, also where
 * nothing probes (the local stack, docker compose).
 *
 * <p>The checks run on a schedule, not inside the scrape: a database that hangs must not make the scrape
 * time out, or Prometheus would report the whole service down. A round that does not finish in time counts
 * every check DOWN, as a probe that times out does.
 */
@ApplicationScoped
public class ReadinessMetrics {

    /**
     * The metric, {@code health_check_up} in Prometheus: a gauge without unit, 1 while the check is UP, 0 while
     * it is DOWN, one series per check.
     */
    public static final String METRIC = "health.check.up";
    /** Tag: the probe the check belongs to, always {@code readiness} here. */
    public static final String PROBE_TAG = "probe";
    /** Tag: the check's name as in the probe's output, e.g. {@code disk space}, {@code Redis (optional)}. */
    public static final String CHECK_TAG = "check";

    private static final Logger LOG = Logger.getLogger(ReadinessMetrics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final SmallRyeHealthReporter reporter;
    private final MultiGauge checks;
    private final Set<String> known = new LinkedHashSet<>();

    public ReadinessMetrics(SmallRyeHealthReporter reporter, MeterRegistry registry) {
        this.reporter = reporter;
        this.checks = MultiGauge.builder(METRIC)
                .description("1 when the health check is UP, 0 when it is DOWN")
                .tag(PROBE_TAG, "readiness")
                .register(registry);
    }

    /** Runs the readiness checks every {@code obsdemo.health.metrics-interval} ({@code HealthConfig}). */
    @Scheduled(every = "${obsdemo.health.metrics-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try {
            SmallRyeHealth health = reporter.getReadinessAsync().await().atMost(TIMEOUT);
            for (JsonValue value : health.getPayload().getJsonArray("checks")) {
                JsonObject check = value.asJsonObject();
                known.add(check.getString("name"));
                rows.add(MultiGauge.Row.of(
                        Tags.of(CHECK_TAG, check.getString("name")), "UP".equals(check.getString("status")) ? 1 : 0));
            }
        } catch (RuntimeException timedOutOrFailed) {
            LOG.warnf(
                    "Readiness checks did not complete in %d s (%s): reporting them DOWN",
                    TIMEOUT.toSeconds(), timedOutOrFailed);
            known.forEach(name -> rows.add(MultiGauge.Row.of(Tags.of(CHECK_TAG, name), 0)));
        }
        checks.register(rows, true);
    }
}
