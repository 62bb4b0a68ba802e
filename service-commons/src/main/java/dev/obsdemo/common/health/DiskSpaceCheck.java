package dev.obsdemo.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready when the disk this service writes its logs to has less free space than
 * {@code obsdemo.health.disk.min-free} (bytes): a full disk loses logs first and then requests.
 */
@Readiness
@ApplicationScoped
public class DiskSpaceCheck implements HealthCheck {

    @ConfigProperty(name = "obsdemo.health.disk.path", defaultValue = ".")
    String path;

    @ConfigProperty(name = "obsdemo.health.disk.min-free", defaultValue = "104857600")
    long minFreeBytes;

    @Override
    public HealthCheckResponse call() {
        long free = new File(path).getUsableSpace();
        return HealthCheckResponse.named("disk space")
                .withData("path", new File(path).getAbsolutePath())
                .withData("freeBytes", free)
                .withData("minFreeBytes", minFreeBytes)
                .status(free >= minFreeBytes)
                .build();
    }
}
