package dev.obsdemo.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The contract of every gateway error response. */
public final class Problems {

    private Problems() {}

    /**
     * Asserts that {@code response} is an RFC 9457 problem with the given status: Content-Type
     * application/problem+json, {@code status} in the body, a {@code detail}, and a {@code requestId} equal to
     * the X-Request-ID response header. Returns the body for further checks.
     */
    public static JsonPath assertProblem(Response response, int status) {
        assertEquals(status, response.statusCode(), () -> "status; body: " + response.asString());
        String contentType = response.contentType();
        assertTrue(
                contentType != null && contentType.startsWith("application/problem+json"),
                () -> "Content-Type was " + contentType + "; body: " + response.asString());
        JsonPath problem = response.jsonPath();
        assertEquals(status, problem.getInt("status"), "status member");
        String detail = problem.getString("detail");
        assertNotNull(detail, "detail member");
        assertFalse(detail.isBlank(), "detail member");
        String requestIdHeader = response.header("X-Request-ID");
        assertNotNull(requestIdHeader, "X-Request-ID response header");
        assertEquals(requestIdHeader, problem.getString("requestId"), "requestId member = X-Request-ID header");
        return problem;
    }
}
