package dev.obsdemo.common.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin endpoint's parameters, route matching, and the profiles that allow faults (no Quarkus boot). */
class FaultSettingTest {

    private static FaultSetting parse(Fault fault, Map<String, String> parameters) {
        return FaultSetting.parse(fault, parameters::get);
    }

    @Test
    void readsTheParametersOfEachFault() {
        FaultSetting latency = parse(Fault.LATENCY, Map.of("ms", "250", "jitterMs", "100", "route", "/users/{id}"));
        assertThat(latency.latencyMs()).isEqualTo(250);
        assertThat(latency.drawLatencyMs(0)).isEqualTo(250);
        assertThat(latency.drawLatencyMs(1)).isEqualTo(350);
        assertThat(parse(Fault.ERROR_RATIO, Map.of("ratio", "0.25")).ratio()).isEqualTo(0.25);
        assertThat(parse(Fault.REDIS_UNAVAILABLE, Map.of()).route()).isEmpty();
    }

    @Test
    void refusesWhatCannotBeMeant() {
        assertThatThrownBy(() -> parse(Fault.LATENCY, Map.of())).hasMessageContaining("ms");
        assertThatThrownBy(() -> parse(Fault.LATENCY, Map.of("ms", "-1"))).hasMessageContaining("ms");
        assertThatThrownBy(() -> parse(Fault.LATENCY, Map.of("ms", "60001"))).hasMessageContaining("60000");
        assertThatThrownBy(() -> parse(Fault.ERROR_RATIO, Map.of("ratio", "1.5")))
                .hasMessageContaining("ratio");
        assertThatThrownBy(() -> parse(Fault.ERROR_RATIO, Map.of("ratio", "NaN")))
                .hasMessageContaining("ratio");
        assertThatThrownBy(() -> parse(Fault.ERROR_RATIO, Map.of())).hasMessageContaining("ratio");
        assertThatThrownBy(() -> parse(Fault.LATENCY, Map.of("ms", "5", "route", "users")))
                .hasMessageContaining("route");
    }

    @Test
    void theHeavyAndRedisLatencyFaultsNeedTheirParametersWithinSaneBounds() {
        FaultSetting cpu = parse(Fault.CPU_HEAVY, Map.of("ms", "200", "route", "/users/{id}"));
        assertThat(cpu.latencyMs()).isEqualTo(200);
        assertThat(cpu.describe()).containsEntry("ms", 200L).containsEntry("route", "/users/{id}");
        assertThat(parse(Fault.ALLOCATION_HEAVY, Map.of("mb", "64")).megabytes())
                .isEqualTo(64);
        assertThat(parse(Fault.ALLOCATION_HEAVY, Map.of("mb", "64")).describe())
                .containsEntry("mb", 64L)
                .containsEntry("route", "*");
        FaultSetting redis = parse(Fault.REDIS_LATENCY, Map.of("ms", "100", "jitterMs", "50"));
        assertThat(redis.drawLatencyMs(1)).isEqualTo(150);
        assertThat(redis.describe()).containsEntry("ms", 100L).doesNotContainKey("route");

        assertThatThrownBy(() -> parse(Fault.CPU_HEAVY, Map.of()))
                .hasMessage("cpu-heavy needs ms, the CPU milliseconds each request burns, from 1 to 5000");
        assertThatThrownBy(() -> parse(Fault.CPU_HEAVY, Map.of("ms", "5001")))
                .hasMessageContaining("from 1 to 5000, not '5001'");
        assertThatThrownBy(() -> parse(Fault.ALLOCATION_HEAVY, Map.of()))
                .hasMessage("allocation-heavy needs mb, the MiB each request allocates, from 1 to 256");
        assertThatThrownBy(() -> parse(Fault.ALLOCATION_HEAVY, Map.of("mb", "257")))
                .hasMessage("mb must be a whole number from 1 to 256, not '257'");
        assertThatThrownBy(() -> parse(Fault.ALLOCATION_HEAVY, Map.of("mb", "lots")))
                .hasMessageContaining("mb must be a whole number");
        assertThatThrownBy(() -> parse(Fault.REDIS_LATENCY, Map.of())).hasMessageContaining("redis-latency needs ms");
        assertThat(Fault.byName("CPU-heavy")).contains(Fault.CPU_HEAVY);
    }

    @Test
    void aRouteTemplateMatchesItsPathsOnly() {
        FaultSetting summary = parse(Fault.LATENCY, Map.of("ms", "1", "route", "/users/{id}/summary"));
        assertThat(summary.appliesTo("/users/42/summary")).isTrue();
        assertThat(summary.appliesTo("/users/42")).isFalse();
        assertThat(summary.appliesTo("/users/4/2/summary")).isFalse();
        assertThat(summary.appliesTo("/users/42/summaryX")).isFalse();
        assertThat(parse(Fault.LATENCY, Map.of("ms", "1")).appliesTo("/anything"))
                .isTrue();
        assertThat(Fault.byName("Error-Ratio")).contains(Fault.ERROR_RATIO);
        assertThat(Fault.byName("nope")).isEmpty();
    }

    private static boolean allowedIn(String profiles) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profiles)
                .withSources(new PropertiesConfigSource(
                        FaultSettingTest.class.getResource("/META-INF/microprofile-config.properties"), 100))
                .build();
        return config.getValue("obsdemo.faults.allowed", Boolean.class);
    }

    @Test
    void productionRefusesFaultsUnlessAllowedAndTheLaptopStackAllowsThem() throws IOException {
        // Holds only where OBSDEMO_FAULTS_ALLOWED is unset, as in every test run.
        assertThat(System.getenv("OBSDEMO_FAULTS_ALLOWED")).isNull();
        assertThat(allowedIn("prod")).isFalse();
        assertThat(allowedIn("prod,local")).isTrue();
        assertThat(allowedIn("test")).isTrue();
        assertThat(allowedIn("dev")).isTrue();
    }

    @Test
    void whereFaultsAreNotAllowedNoneCanBeSwitchedOn() {
        FaultSetting latency = parse(Fault.LATENCY, Map.of("ms", "100"));
        FaultFlags allowed = new FaultFlags(
                true, new SimpleMeterRegistry(), OpenTelemetry.noop().getTracer("test"));
        allowed.switchOn(latency);
        assertThat(allowed.active(Fault.LATENCY)).contains(latency);
        allowed.switchOff(Fault.LATENCY);
        assertThat(allowed.active(Fault.LATENCY)).isEmpty();

        FaultFlags refused = new FaultFlags(
                false, new SimpleMeterRegistry(), OpenTelemetry.noop().getTracer("test"));
        assertThatThrownBy(() -> refused.switchOn(latency)).hasMessageContaining("not allowed");
        assertThat(refused.active(Fault.LATENCY)).isEmpty();
    }
}
