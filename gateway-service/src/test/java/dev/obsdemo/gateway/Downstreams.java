package dev.obsdemo.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** Bodies as user-service and order-service really send them, for WireMock stubs. */
public final class Downstreams {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String CREATED_AT = "2024-05-01T10:15:30Z";

    private Downstreams() {}

    public static String user(long id, String name, String email) {
        return """
                {"id":%d,"name":"%s","email":"%s","createdAt":"%s"}""".formatted(id, name, email, CREATED_AT);
    }

    /** An order of one line: {@code quantity} x {@code sku} at {@code unitPriceCents}. */
    public static String order(long id, long userId, String sku, int quantity, long unitPriceCents) {
        return """
                {"id":%d,"userId":%d,"status":"PLACED","totalCents":%d,
                 "items":[{"sku":"%s","quantity":%d,"unitPriceCents":%d}],"createdAt":"%s"}""".formatted(id, userId, quantity * unitPriceCents, sku, quantity, unitPriceCents, CREATED_AT);
    }

    public static String stats(long userId, long orderCount, long totalSpentCents) {
        return """
                {"userId":%d,"orderCount":%d,"totalSpentCents":%d}""".formatted(userId, orderCount, totalSpentCents);
    }

    /** A downstream problem document, with the downstream's own instance and request ID. */
    public static ResponseDefinitionBuilder problem(
            int status, String typeSlug, String title, String detail, String instance) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", PROBLEM_JSON)
                .withBody("""
                {"type":"https://obsdemo.dev/problems/%s","title":"%s","status":%d,"detail":"%s",
                 "instance":"%s","requestId":"downstream-id"}""".formatted(typeSlug, title, status, detail, instance));
    }

    /** user-service's answer to a body without name and email. */
    public static ResponseDefinitionBuilder userValidationProblem() {
        return aResponse()
                .withStatus(400)
                .withHeader("Content-Type", PROBLEM_JSON)
                .withBody("""
                {"type":"https://obsdemo.dev/problems/invalid-request","title":"Bad Request","status":400,
                 "detail":"2 fields are invalid: email, name","instance":"/users","requestId":"downstream-id",
                 "errors":[{"field":"email","message":"must not be blank"},{"field":"name","message":"must not be blank"}]}""");
    }
}
