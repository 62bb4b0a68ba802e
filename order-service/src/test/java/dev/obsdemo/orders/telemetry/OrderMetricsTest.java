package dev.obsdemo.orders.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The business metrics under the Prometheus names the dashboards and alerts query. */
class OrderMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OrderMetrics metrics = new OrderMetrics(registry);

    @Test
    void aCreatedOrderIsCountedAndItsTotalRecordedInCents() {
        metrics.orderCreated(11_895);
        metrics.orderCreated(499);

        assertThat(registry.get(OrderMetrics.ORDERS_CREATED).counter().count()).isEqualTo(2);
        assertThat(registry.get(OrderMetrics.ORDER_VALUE).summary().totalAmount())
                .isEqualTo(12_394);
        String scrape = registry.scrape();
        assertThat(scrape).containsPattern("(?m)^orders_created_total 2\\.0$");
        assertThat(scrape).containsPattern("(?m)^order_value_cents_count 2\\.0$");
        assertThat(scrape).containsPattern("(?m)^order_value_cents_sum 12394\\.0$");
        assertThat(scrape).containsPattern("(?m)^order_value_cents_bucket\\{le=\"500\\.0\",?} 1\\.0$");
        assertThat(scrape).containsPattern("(?m)^order_value_cents_bucket\\{le=\"25000\\.0\",?} 2\\.0$");
        assertThat(scrape).containsPattern("(?m)^orders_idempotent_replays_total 0\\.0$");
    }

    @Test
    void aReplayIsCountedAndIsNoNewOrder() {
        metrics.idempotentReplay();

        String scrape = registry.scrape();
        assertThat(scrape).containsPattern("(?m)^orders_idempotent_replays_total 1\\.0$");
        assertThat(scrape).containsPattern("(?m)^orders_created_total 0\\.0$");
        assertThat(scrape).containsPattern("(?m)^order_value_cents_count 0\\.0$");
    }
}
