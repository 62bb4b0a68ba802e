package dev.obsdemo.orders.client;

import static dev.obsdemo.common.resilience.CallPolicy.CONNECT_TIMEOUT_MS;
import static dev.obsdemo.common.resilience.CallPolicy.ORDER_USER_SERVICE_READ_TIMEOUT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The REST client's timeouts live in application.properties (Quarkus reads them per client from there);
 * they must be the values of the policy table, {@code CallPolicy}.
 */
class RestClientTimeoutsTest {

    @Test
    void userServiceClientTimeoutsAreThePolicys() throws IOException {
        Properties config = new Properties();
        try (InputStream in = RestClientTimeoutsTest.class.getResourceAsStream("/application.properties")) {
            config.load(in);
        }

        assertEquals(
                CONNECT_TIMEOUT_MS,
                Long.parseLong(config.getProperty("quarkus.rest-client.user-service.connect-timeout")));
        assertEquals(
                ORDER_USER_SERVICE_READ_TIMEOUT_MS,
                Long.parseLong(config.getProperty("quarkus.rest-client.user-service.read-timeout")));
    }
}
