package dev.obsdemo.orders;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.hamcrest.Matcher;

/**
 * The HTTP requests the order-service tests send and the checks of their answers: order bodies, user-service
 * stubs, problem documents, concurrent POSTs.
 */
public final class OrderRequests {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String REQUEST_ID = "X-Request-ID";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    /** The catalog of V2__seed_products.sql, sorted by sku: sku to unit price in cents. */
    public static final Map<String, Long> SEEDED_PRICES = seededPrices();

    private OrderRequests() {}

    private static Map<String, Long> seededPrices() {
        Map<String, Long> prices = new LinkedHashMap<>();
        prices.put("BOOK-001", 3999L);
        prices.put("BOOK-002", 4450L);
        prices.put("HEADSET-001", 7950L);
        prices.put("KEYB-001", 12900L);
        prices.put("LAMP-001", 3490L);
        prices.put("MUG-001", 1299L);
        prices.put("SHIRT-001", 2199L);
        prices.put("STICKER-001", 499L);
        return prices;
    }

    /** A user ID no other test (or earlier run) uses, so per-user assertions never see foreign rows. */
    public static long randomUserId() {
        return ThreadLocalRandom.current().nextLong(10_000_000_000L, 1L << 52);
    }

    /** Matches a JSON number whatever Java type rest-assured parsed it to (Integer, Long). */
    public static Matcher<Object> isNumber(long expected) {
        return hasToString(Long.toString(expected));
    }

    public static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** {@code {"userId":..,"items":[{"sku":..,"quantity":..},..]}} from sku/quantity pairs. */
    public static String orderBody(long userId, Object... skuAndQuantity) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            if (i > 0) {
                items.append(',');
            }
            items.append("{\"sku\":\"")
                    .append(skuAndQuantity[i])
                    .append("\",\"quantity\":")
                    .append(skuAndQuantity[i + 1])
                    .append('}');
        }
        return "{\"userId\":" + userId + ",\"items\":[" + items + "]}";
    }

    public static RequestSpecification jsonRequest(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    public static Response placeOrder(String body, String idempotencyKey) {
        RequestSpecification request = jsonRequest(body);
        if (idempotencyKey != null) {
            request.header(IDEMPOTENCY_KEY, idempotencyKey);
        }
        return request.post("/orders");
    }

    /** Places an order that must be created and returns its ID. */
    public static long createOrder(long userId, Object... skuAndQuantity) {
        return placeOrder(orderBody(userId, skuAndQuantity), null)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    public static void stubUserExists(WireMockServer wireMock, long userId) {
        // More fields than order-service reads: its client must be a tolerant reader.
        wireMock.stubFor(get(urlPathEqualTo("/users/" + userId))
                .willReturn(okJson("{\"id\":" + userId + ",\"name\":\"Test User\",\"email\":\"u" + userId
                        + "@example.com\"," + "\"createdAt\":\"2024-01-01T00:00:00Z\"}")));
    }

    public static void stubUserMissing(WireMockServer wireMock, long userId) {
        wireMock.stubFor(get(urlPathEqualTo("/users/" + userId))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", PROBLEM_JSON)
                        .withBody("{\"title\":\"Not Found\",\"status\":404,\"detail\":\"User " + userId
                                + " does not exist\"}")));
    }

    /**
     * Checks what every error response must have: the status, Content-Type application/problem+json, a
     * {@code status} and a {@code detail}, and a {@code requestId} equal to the X-Request-ID response header.
     */
    public static ValidatableResponse assertProblem(Response response, int status) {
        return response.then()
                .log()
                .ifValidationFails()
                .statusCode(status)
                .header(REQUEST_ID, notNullValue())
                .header("Content-Type", startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("detail", not(blankOrNullString()))
                .body("requestId", equalTo(response.header(REQUEST_ID)));
    }

    /** The outcome of one POST made by {@link #concurrently}: status, order ID and replay header. */
    public record Outcome(int status, Long orderId, String replayed, long millis) {}

    public static Outcome outcomeOf(Response response, long startNanos) {
        Long id = response.statusCode() < 300 ? response.jsonPath().getLong("id") : null;
        return new Outcome(
                response.statusCode(),
                id,
                response.header(REPLAYED),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** Runs {@code calls} copies of {@code call} on as many threads, released together by one start gate. */
    public static List<Outcome> concurrently(int calls, Callable<Outcome> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            CountDownLatch ready = new CountDownLatch(calls);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return call.call();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS), "all threads ready");
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One 201, every other response a 200 replay, all with the same order ID. */
    public static void assertExactlyOneCreatedAndTheRestReplayed(List<Outcome> outcomes) {
        Map<Integer, Long> byStatus =
                outcomes.stream().collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
        assertEquals(Set.of(200, 201), byStatus.keySet(), "statuses " + byStatus);
        assertEquals(1L, byStatus.get(201), "exactly one 201: " + byStatus);
        Set<Long> ids = outcomes.stream().map(Outcome::orderId).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "one order id: " + ids);
        outcomes.stream()
                .filter(o -> o.status() == 200)
                .forEach(o -> assertEquals("true", o.replayed(), "a 200 is a replay"));
    }
}
