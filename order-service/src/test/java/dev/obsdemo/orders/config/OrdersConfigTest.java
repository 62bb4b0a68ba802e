package dev.obsdemo.orders.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.resilience.CallPolicy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code orders.*} mapping read by SmallRye Config as Quarkus does, without booting Quarkus. */
class OrdersConfigTest {

    private static OrdersConfig.Idempotency idempotency(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' "24h", "30s" forms
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(OrdersConfig.class)
                .build();
        return config.getConfigMapping(OrdersConfig.class).idempotency();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        OrdersConfig.Idempotency idempotency = idempotency(Map.of());

        assertThat(idempotency.ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(idempotency.pendingTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(idempotency.waitForHolder()).isEqualTo(Duration.ofMillis(CallPolicy.IDEMPOTENCY_WAIT_MS));
    }

    @Test
    void eachIsSetByItsPropertyName() {
        OrdersConfig.Idempotency idempotency = idempotency(Map.of(
                "orders.idempotency.ttl", "1h",
                "orders.idempotency.pending-ttl", "PT5S",
                "orders.idempotency.wait", "500ms"));

        assertThat(idempotency.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(idempotency.pendingTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(idempotency.waitForHolder()).isEqualTo(Duration.ofMillis(500));
    }
}
