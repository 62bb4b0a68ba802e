package dev.obsdemo.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three services for real, talking over HTTP, driven only through the gateway. */
class FullStackTest {

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = new LocalStack().start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String gateway() {
        return stack.gateway.url();
    }

    @Test
    void createsAUserAndAnOrderThroughTheGateway() {
        String email = "full-stack-" + UUID.randomUUID() + "@example.com";
        Response user = given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Margaret Hamilton\",\"email\":\"" + email + "\"}")
                .post("/api/users");
        user.then().statusCode(201).body("email", equalTo(email));
        long userId = user.jsonPath().getLong("id");
        user.then().header("Location", endsWith("/api/users/" + userId));

        String key = UUID.randomUUID().toString();
        String order = "{\"userId\":" + userId
                + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":2},{\"sku\":\"STICKER-001\",\"quantity\":3}]}";
        Response created = given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .header("X-Request-ID", "full-stack-" + key)
                .body(order)
                .post("/api/orders");
        created.then()
                .statusCode(201)
                .header("X-Request-ID", "full-stack-" + key)
                .body("userId", equalTo((int) userId))
                .body("status", equalTo("CONFIRMED"))
                .body("totalCents", equalTo(2 * 3999 + 3 * 499))
                .body("items", hasSize(2))
                .body("items[0].unitPriceCents", equalTo(3999));
        long orderId = created.jsonPath().getLong("id");

        given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(order)
                .post("/api/orders")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo((int) orderId));

        given().baseUri(gateway())
                .get("/api/orders/{id}", orderId)
                .then()
                .statusCode(200)
                .body("id", equalTo((int) orderId));
        given().baseUri(gateway())
                .get("/api/users/{id}/orders", userId)
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.contains((int) orderId));
        given().baseUri(gateway())
                .get("/api/users/{id}/summary", userId)
                .then()
                .statusCode(200)
                .body("user.id", equalTo((int) userId))
                .body("orderCount", equalTo(1))
                .body("totalSpentCents", equalTo(2 * 3999 + 3 * 499));
    }

    /**
     * An e-mail address is personal data: it may be stored and returned to the API's client, but no service
     * writes it into a log line, whatever happens to the request (created, refused as a duplicate, read, used
     * for an order). The spans are checked by the services' telemetry tests (user-service, gateway).
     */
    @Test
    void anEmailAddressIsInNoLogLineOfAnyService() throws java.io.IOException {
        String local = "pii-" + UUID.randomUUID().toString().replace("-", "");
        String email = local + "@example.com";
        String user = "{\"name\":\"Grace Hopper\",\"email\":\"" + email + "\"}";
        long userId = given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .body(user)
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .body(user.replace(email, email.toUpperCase(java.util.Locale.ROOT)))
                .post("/api/users")
                .then()
                .statusCode(409);
        given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"email\":\"" + local + "@\"}")
                .post("/api/users")
                .then()
                .statusCode(400);
        given().baseUri(gateway()).get("/api/users/{id}", userId).then().statusCode(200);
        given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .body("{\"userId\":" + userId + ",\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}")
                .post("/api/orders")
                .then()
                .statusCode(201);
        given().baseUri(gateway()).get("/api/users/{id}/summary", userId).then().statusCode(200);

        // Access lines are written when a response completes: wait for the last request's before reading.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!java.nio.file.Files.readString(stack.gateway.log()).contains("GET /api/users/{id}/summary 200")
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (LocalStack.Service service : java.util.List.of(stack.users, stack.orders, stack.gateway)) {
            String log = java.nio.file.Files.readString(service.log());
            org.assertj.core.api.Assertions.assertThat(log)
                    .as("%s's log", service.name())
                    .isNotEmpty()
                    .doesNotContainIgnoringCase(local);
        }
    }

    @Test
    void errorsCrossTheServicesAsProblems() {
        given().baseUri(gateway())
                .contentType(ContentType.JSON)
                .body("{\"userId\":999999999999999999,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
                .post("/api/orders")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/unknown-user"));
        given().baseUri(gateway())
                .get("/api/users/999999999999999999/summary")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().baseUri(gateway())
                .get("/api/products")
                .then()
                .statusCode(200)
                .body("sku", org.hamcrest.Matchers.hasItem("BOOK-001"));
    }

    /**
     * Quarkus' own HTTP server series are there in every packaged service. They are checked here, on one process
     * per service, because {@code http_server_active_requests} is a gauge Quarkus registers once per HTTP server
     * and Micrometer holds weakly: a {@code @QuarkusTest} that restarts the application may find it gone.
     */
    @Test
    void everyServiceExportsTheStandardHttpServerSeries() {
        given().baseUri(gateway()).get("/api/products").then().statusCode(200);
        for (LocalStack.Service service : java.util.List.of(stack.users, stack.orders, stack.gateway)) {
            String metrics = given().baseUri(service.managementUrl())
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            org.assertj.core.api.Assertions.assertThat(metrics)
                    .as(service.name())
                    .containsPattern("(?m)^http_server_active_requests(\\{[^}]*})? \\d")
                    .containsPattern("(?m)^http_server_requests_seconds_count\\{")
                    .contains("jvm_memory_used_bytes");
        }
    }
}
