package dev.obsdemo.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void durationIsInMillisecondsWithOneDecimalRoundedHalfUp() {
        assertThat(AccessLog.line("GET", "/users/{id}", 200, 1_249_999)).isEqualTo("GET /users/{id} 200 1.2 ms");
        assertThat(AccessLog.line("GET", "/users/{id}", 200, 1_250_000)).isEqualTo("GET /users/{id} 200 1.3 ms");
        assertThat(AccessLog.line("POST", "/orders", 201, 0)).isEqualTo("POST /orders 201 0.0 ms");
        assertThat(AccessLog.line("GET", "NOT_FOUND", 404, 12_345_678_901L)).isEqualTo("GET NOT_FOUND 404 12345.7 ms");
    }
}
