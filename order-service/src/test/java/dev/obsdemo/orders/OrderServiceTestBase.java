package dev.obsdemo.orders;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.obsdemo.testing.InjectTcpProxy;
import dev.obsdemo.testing.TcpProxy;
import dev.obsdemo.testing.WireMockResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every order-service test of the running application starts and ends with: user-service stubbed by
 * WireMock with no stubs left, Redis reachable, circuit breakers closed. The resources themselves are declared
 * on each concrete class, always the same set, so Quarkus starts the application once for all of them. The
 * plain unit tests ({@code *RulesTest}, {@code *EntryTest}, {@code OrderMetricsTest}, {@code OrdersConfigTest})
 * need none of this.
 */
public abstract class OrderServiceTestBase {

    @WireMockResource.InjectWireMock
    protected WireMockServer wireMock;

    @InjectTcpProxy
    protected TcpProxy redisProxy;

    @Inject
    protected CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    @AfterEach
    void resetDependencies() {
        redisProxy.restore();
        wireMock.resetAll();
        circuitBreakers.resetAll();
    }
}
