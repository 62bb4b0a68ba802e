package dev.obsdemo.gateway.client;

import static dev.obsdemo.common.resilience.CallPolicy.CONNECT_TIMEOUT_MS;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_ORDER_SERVICE_READ_TIMEOUT_MS;
import static dev.obsdemo.common.resilience.CallPolicy.GATEWAY_USER_SERVICE_READ_TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST clients' timeouts live in application.properties (Quarkus reads them per client from there);
 * they must be the values of the policy table, {@code CallPolicy}.
 */
class RestClientTimeoutsTest {

    private static final Properties CONFIG = new Properties();

    @BeforeAll
    static void readApplicationProperties() throws IOException {
        try (InputStream in = RestClientTimeoutsTest.class.getResourceAsStream("/application.properties")) {
            CONFIG.load(in);
        }
    }

    private static long millis(String key) {
        return Long.parseLong(CONFIG.getProperty(key));
    }

    @Test
    void userServiceClientTimeoutsAreThePolicys() {
        assertThat(millis("quarkus.rest-client.user-service.connect-timeout")).isEqualTo(CONNECT_TIMEOUT_MS);
        assertThat(millis("quarkus.rest-client.user-service.read-timeout"))
                .isEqualTo(GATEWAY_USER_SERVICE_READ_TIMEOUT_MS);
    }

    @Test
    void orderServiceClientTimeoutsAreThePolicys() {
        assertThat(millis("quarkus.rest-client.order-service.connect-timeout")).isEqualTo(CONNECT_TIMEOUT_MS);
        assertThat(millis("quarkus.rest-client.order-service.read-timeout"))
                .isEqualTo(GATEWAY_ORDER_SERVICE_READ_TIMEOUT_MS);
    }
}
