package dev.obsdemo.orders.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * order-service's business metrics, registered once at start-up. The names are Micrometer's; Prometheus
 * shows them with dots as underscores, a {@code _total} suffix on counters and the base unit on the summary.
 * Dashboards and alerts query the Prometheus names ({@code observability/grafana/generate-dashboards.py}).
 */
@ApplicationScoped
public class OrderMetrics {

    /** Counter of orders created; a replay creates none. Prometheus: {@code orders_created_total}. */
    public static final String ORDERS_CREATED = "orders.created";

    /**
     * Counter of retries answered with the order their Idempotency-Key had already created.
     * Prometheus: {@code orders_idempotent_replays_total}.
     */
    public static final String IDEMPOTENT_REPLAYS = "orders.idempotent.replays";

    /**
     * Distribution of order totals, in integer cents (base unit {@code cents}), with buckets at
     * {@link #ORDER_VALUE_BUCKETS_CENTS}. Prometheus: {@code order_value_cents_bucket}, {@code _count}, {@code _sum}.
     */
    public static final String ORDER_VALUE = "order.value";

    /** The bucket bounds of {@link #ORDER_VALUE}, in cents: 5 to 10,000 in the shop's currency. */
    private static final double[] ORDER_VALUE_BUCKETS_CENTS = {
        500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000
    };

    private final Counter ordersCreated;
    private final Counter idempotentReplays;
    private final DistributionSummary orderValue;

    public OrderMetrics(MeterRegistry registry) {
        this.ordersCreated =
                Counter.builder(ORDERS_CREATED).description("Orders created").register(registry);
        this.idempotentReplays = Counter.builder(IDEMPOTENT_REPLAYS)
                .description("Retries answered with the order an Idempotency-Key already created")
                .register(registry);
        this.orderValue = DistributionSummary.builder(ORDER_VALUE)
                .baseUnit("cents")
                .description("Order totals in cents")
                .serviceLevelObjectives(ORDER_VALUE_BUCKETS_CENTS)
                .register(registry);
    }

    /** Counts a created order and records its total, in integer cents. */
    public void orderCreated(long totalCents) {
        ordersCreated.increment();
        orderValue.record(totalCents);
    }

    /** Counts a retry answered with an order created before. */
    public void idempotentReplay() {
        idempotentReplays.increment();
    }
}
