package dev.obsdemo.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.resilience.CallPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The graceful shutdown settings every service gets from service-commons ({@code quarkus.shutdown.*} in its
 * {@code META-INF/microprofile-config.properties}), against the call policy they must fit: the timeout lets the
 * longest request a service may legitimately be serving finish, and the whole stop fits in the time the
 * platforms wait before they kill (Kubernetes' default {@code terminationGracePeriodSeconds}, 30 s; compose's
 * {@code stop_grace_period} and scripts/stack.sh, 20 s). The behaviour itself is tested on the packaged services
 * by system-tests' {@code GracefulShutdownTest}.
 */
class ShutdownSettingsTest {

    /** What the platforms that stop our services wait after SIGTERM before SIGKILL; the shortest of them. */
    private static final Duration PLATFORM_GRACE = Duration.ofSeconds(20);
    /** What the JVM needs after the drain: closing the pools, Redis and the HTTP servers, the shutdown hooks. */
    private static final Duration STOPPING = Duration.ofSeconds(3);

    private final Properties config = load();

    @Test
    void readinessTurnsDownFirstAndTheServiceGoesOnServingForTheDelay() {
        assertThat(config.getProperty("quarkus.shutdown.delay-enabled")).isEqualTo("true");
        assertThat(duration("quarkus.shutdown.delay")).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    @Test
    void theTimeoutLetsTheLongestRequestFinish() {
        // The gateway's POST /api/orders is the longest a service serves: its call to order-service is cut there.
        Duration longestRequest = Duration.ofMillis(Math.max(
                CallPolicy.GATEWAY_PLACE_ORDER_TIMEOUT_MS,
                CallPolicy.HOPS.stream()
                        .mapToLong(CallPolicy.Hop::calleeWorstCaseMs)
                        .max()
                        .orElseThrow()));
        assertThat(duration("quarkus.shutdown.timeout")).isGreaterThan(longestRequest);
    }

    @Test
    void theWholeStopFitsBeforeThePlatformKills() {
        Duration stop = duration("quarkus.shutdown.delay")
                .plus(duration("quarkus.shutdown.timeout"))
                .plus(STOPPING);
        assertThat(stop).isLessThanOrEqualTo(PLATFORM_GRACE);
    }

    @Test
    void testsHaveNoDelay() {
        assertThat(duration("%test.quarkus.shutdown.delay")).isZero();
    }

    private Duration duration(String key) {
        String value = config.getProperty(key);
        assertThat(value).as(key).isNotNull();
        return Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (Reader reader =
                Files.newBufferedReader(Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("service-commons' microprofile-config.properties", e);
        }
        return properties;
    }
}
