package dev.obsdemo.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * The startup probe: UP once the application has started, which in Quarkus means the Flyway migrations ran
 * and the HTTP servers listen. Kubernetes holds liveness and readiness back until it passes, so a slow first
 * start (a long migration) is not mistaken for a hung process.
 */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("started");
    }
}
