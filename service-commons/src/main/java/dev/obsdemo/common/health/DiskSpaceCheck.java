package dev.obsdemo.common.health;

import dev.obsdemo.common.config.HealthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready when the disk this service writes its logs to has less free space than
 * {@code obsdemo.health.disk.min-free} ({@link HealthConfig.Disk}): a full disk loses logs first and then
 * requests. The check's data gives the path, the free bytes and the minimum in bytes.
 */
@Readiness
@ApplicationScoped
public class DiskSpaceCheck implements HealthCheck {

    private final File path;
    private final long minFreeBytes;

    public DiskSpaceCheck(HealthConfig config) {
        this.path = new File(config.disk().path());
        this.minFreeBytes = config.disk().minFree().asLongValue();
    }

    @Override
    public HealthCheckResponse call() {
        long free = path.getUsableSpace();
        return HealthCheckResponse.named("disk space")
                .withData("path", path.getAbsolutePath())
                .withData("freeBytes", free)
                .withData("minFreeBytes", minFreeBytes)
                .status(free >= minFreeBytes)
                .build();
    }
}
