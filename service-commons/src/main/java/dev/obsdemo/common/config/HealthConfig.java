package dev.obsdemo.common.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The settings of the health checks service-commons adds to every service, under {@code obsdemo.health}. Each
 * default is defined here and nowhere else; a service overrides a key in its application.properties or with the
 * environment ({@code OBSDEMO_HEALTH_DISK_MIN_FREE=500M}).
 */
@ConfigMapping(prefix = "obsdemo.health")
public interface HealthConfig {

    /**
     * How often the readiness checks run to refresh the {@code health_check_up} metric ({@code ReadinessMetrics});
     * Prometheus scrapes every 5 s. The schedule reads the key through its {@code @Scheduled} expression, so this
     * method is where the key, its type and its default are defined and checked at start.
     */
    @WithDefault("5s")
    Duration metricsInterval();

    /** The free disk space readiness check ({@code DiskSpaceCheck}). */
    Disk disk();

    /** Where the disk check looks and how much free space makes a service ready. */
    interface Disk {

        /** A directory on the file system to watch: the working directory, where the services write their logs. */
        @WithDefault(".")
        String path();

        /** Below this many usable bytes (e.g. {@code 100M}, in binary units) the service is not ready. */
        @WithDefault("100M")
        MemorySize minFree();
    }
}
