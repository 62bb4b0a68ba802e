package dev.obsdemo.common.health;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * For a service that works without Redis (user-service's cache, the gateway's rate limiter), Redis must not
 * decide readiness: taking every instance out of the load balancer because a cache is down would turn a
 * slowdown into an outage. This check replaces Quarkus' Redis check there (it is active when
 * {@code quarkus.redis.health.enabled=false}): always UP, it reports whether Redis answers, so the probe
 * output still says the service runs degraded.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "quarkus.redis.health.enabled", stringValue = "false")
public class RedisStatusCheck implements AsyncHealthCheck {

    private final ReactiveRedisDataSource redis;

    public RedisStatusCheck(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING")
                .ifNoItem()
                .after(Duration.ofMillis(500))
                .fail()
                .map(pong -> "up")
                .onFailure()
                .recoverWithItem(failure -> "down (" + failure.getClass().getSimpleName() + "): running degraded")
                .map(state -> HealthCheckResponse.named("Redis (optional)")
                        .withData("redis", state)
                        .up()
                        .build());
    }
}
