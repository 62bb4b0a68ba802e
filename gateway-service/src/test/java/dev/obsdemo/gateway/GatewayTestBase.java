package dev.obsdemo.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.obsdemo.testing.InjectTcpProxy;
import dev.obsdemo.testing.TcpProxy;
import dev.obsdemo.testing.WireMockResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every gateway test shares: one WireMock server standing in for both user-service and order-service
 * (stubs tell them apart by path), the TCP proxy in front of Redis, and a clean slate around each test (no
 * stubs, no recorded requests, closed circuit breakers, Redis reachable).
 *
 * <p>The resources are declared on each concrete class, always the same set in the default profile, so
 * Quarkus starts the application once for all of them.
 */
public abstract class GatewayTestBase {

    @WireMockResource.InjectWireMock
    protected WireMockServer wireMock;

    @InjectTcpProxy
    protected TcpProxy redisProxy;

    @Inject
    protected CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    protected void startFromACleanSlate() {
        cleanSlate();
    }

    @AfterEach
    protected void leaveACleanSlate() {
        cleanSlate();
    }

    private void cleanSlate() {
        wireMock.resetAll();
        circuitBreakers.resetAll();
        redisProxy.restore();
    }
}
