package dev.obsdemo.system.observability;

import static dev.obsdemo.system.ObservedStack.GATEWAY;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Requests through the gateway of the local stack, the way a user of the demo would send them. */
final class Traffic {

    private Traffic() {}

    /** A new user; returns its ID. */
    static long createUser() {
        return given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Traffic\",\"email\":\"traffic-" + UUID.randomUUID() + "@example.com\"}")
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    /** A new order of that user; returns its ID. */
    static long createOrder(long userId) {
        return given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"userId\":" + userId + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    /**
     * One round of every route of the API, successes and client errors: a user read twice (a cache miss,
     * then a hit), an order placed and retried with its Idempotency-Key (a replay), the user's orders and
     * summary, the catalog, an unknown user (404) and an invalid body (400). Every metric a dashboard
     * shows moves.
     */
    static void everyRoute() {
        long userId = createUser();
        given().baseUri(GATEWAY).get("/api/users/{id}", userId).then().statusCode(200);
        given().baseUri(GATEWAY).get("/api/users/{id}", userId).then().statusCode(200);
        String key = UUID.randomUUID().toString();
        String order = "{\"userId\":" + userId + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":2}]}";
        long orderId = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(order)
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(order)
                .post("/api/orders")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true");
        given().baseUri(GATEWAY).get("/api/orders/{id}", orderId).then().statusCode(200);
        given().baseUri(GATEWAY).get("/api/users/{id}/orders", userId).then().statusCode(200);
        given().baseUri(GATEWAY).get("/api/users/{id}/summary", userId).then().statusCode(200);
        given().baseUri(GATEWAY).get("/api/products").then().statusCode(200);
        given().baseUri(GATEWAY).get("/api/users/{id}", Long.MAX_VALUE).then().statusCode(404);
        given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"\"}")
                .post("/api/users")
                .then()
                .statusCode(400);
    }

    /**
     * Reads of an order and of the catalog from a few threads, until closed, whatever they answer: the
     * steady traffic that lets error ratios show a fault.
     */
    static Steady steady(long orderId, int threads) {
        return new Steady(orderId, threads);
    }

    static final class Steady implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong sent = new AtomicLong();
        private final List<Thread> workers = new ArrayList<>();

        private Steady(long orderId, int threads) {
            for (int i = 0; i < threads; i++) {
                String path = i % 2 == 0 ? "/api/orders/" + orderId : "/api/products";
                Thread worker = new Thread(
                        () -> {
                            while (running.get()) {
                                given().baseUri(GATEWAY).get(path);
                                sent.incrementAndGet();
                                pause(100);
                            }
                        },
                        "traffic-" + i);
                worker.setDaemon(true);
                worker.start();
                workers.add(worker);
            }
        }

        long sent() {
            return sent.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(10_000);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
