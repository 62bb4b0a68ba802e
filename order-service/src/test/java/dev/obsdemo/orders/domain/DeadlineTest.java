package dev.obsdemo.orders.domain;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.obsdemo.orders.OrderRequests.createOrder;
import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.obsdemo.common.resilience.CallPolicy;
import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.TelemetryHeaders;
import dev.obsdemo.testing.WireMockResource;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * order-service under a caller's deadline ({@code X-Request-Timeout-Ms}), called the way the gateway calls it:
 * the caller waits the budget plus {@link CallPolicy#ANSWER_RESERVE_MS}, then gives up and closes the
 * connection. Whatever is slow (a concurrent request holding the Idempotency-Key, user-service, the database),
 * order-service answers within the budget, stops its work, creates no order the caller was not told about, and
 * no span outlives its parent.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class DeadlineTest extends OrderServiceTestBase {

    private static final String BUDGET = "X-Request-Timeout-Ms";

    @TestHTTPResource("/orders")
    URL orders;

    @Inject
    RedisDataSource redis;

    @Inject
    InMemorySpans spans;

    @Inject
    AgroalDataSource database;

    /** What a caller with this budget saw: the status, or -1 when it gave up. */
    record Outcome(int status, long millis, String traceId) {}

    /** POST /orders as a caller that waits {@code budgetMillis} + the reserve, then gives up. */
    private Outcome placeOrderWithin(long budgetMillis, String body, String key) throws InterruptedException {
        String traceId = TelemetryHeaders.randomHex(32);
        HttpRequest request = HttpRequest.newBuilder(URI.create(orders.toString()))
                .timeout(Duration.ofMillis(budgetMillis + CallPolicy.ANSWER_RESERVE_MS))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header(BUDGET, Long.toString(budgetMillis))
                .header("traceparent", "00-" + traceId + "-" + TelemetryHeaders.randomHex(16) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpClient caller =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long started = System.nanoTime();
        int status;
        try {
            status =
                    caller.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException gaveUp) {
            status = -1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Outcome(status, Duration.ofNanos(System.nanoTime() - started).toMillis(), traceId);
    }

    /**
     * One order through every step first (Redis, user-service, the database), so that what a test measures is
     * the deadline, not the first request's start-up work.
     */
    @BeforeEach
    void warmUp() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        createOrder(userId, "STICKER-001", 1);
        placeOrder(orderBody(userId, "STICKER-001", 2), newKey()).then().statusCode(201);
        wireMock.resetAll();
    }

    /** Where order-service keeps a key: scoped per user (OrderPlacement). */
    /** See {@link #assertNoSpanEndsAfterItsParent}. */
    private static final Duration CANCELLED_CALL_LAG = Duration.ofMillis(20);

    private static String redisKey(long userId, String key) {
        return "order-service:idempotency:" + userId + ":" + key;
    }

    @Test
    void theWaitForARequestHoldingTheKeyEndsAtTheDeadlineAndNoSpanOutlivesItsParent() throws Exception {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();
        String hash = IdempotencyRules.requestHash(userId, List.of(new OrderLine("LAMP-001", 1)));
        // Another request holds the key with the same body and does not finish within this caller's budget.
        redis.value(String.class)
                .set(redisKey(userId, key), "pending:" + hash, new SetArgs().px(Duration.ofSeconds(30)));
        long budget = 800;
        try {
            Outcome outcome = placeOrderWithin(budget, orderBody(userId, "LAMP-001", 1), key);

            assertEquals(
                    409,
                    outcome.status(),
                    () -> "the caller was answered within its budget of " + budget + " ms (-1: it gave up after "
                            + outcome.millis() + " ms)");
            assertTrue(outcome.millis() < budget + 150, () -> "answered after " + outcome.millis() + " ms");
            // Long enough for order-service's wait of 2 s to have ended, had it not stopped at the deadline.
            Thread.sleep(CallPolicy.IDEMPOTENCY_WAIT_MS);
            List<SpanData> trace = spans.trace(outcome.traceId(), InMemorySpans.serverSpan());
            assertNoSpanEndsAfterItsParent(trace);
            SpanData server =
                    InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
            assertEquals(
                    List.of(),
                    trace.stream()
                            .filter(s -> s.getStartEpochNanos() > server.getEndEpochNanos())
                            .map(SpanData::getName)
                            .toList(),
                    "spans started after the answer");
        } finally {
            redis.key().del(redisKey(userId, key));
        }
    }

    @Test
    void whenTheBudgetCannotCoverTheUserCheckTheOrderFailsAtOnceAndIsNeverCreated() throws Exception {
        long userId = randomUserId();
        // user-service answers, but later than this caller waits.
        wireMock.stubFor(get(urlPathEqualTo("/users/" + userId))
                .willReturn(okJson("{\"id\":" + userId + "}").withFixedDelay(1_500)));
        String key = newKey();

        Outcome outcome = placeOrderWithin(1_000, orderBody(userId, "BOOK-001", 1), key);
        Thread.sleep(2_000); // past user-service's delay and what an insert after it would take

        assertEquals(0, Order.count("idempotencyKey", key), "an order created after its caller was answered");
        assertEquals(503, outcome.status(), "the caller learns the order failed: " + outcome);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theCallToUserServiceCarriesWhatIsLeftOfTheBudgetLessTheInsertsAllowanceAndTheReserve() throws Exception {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        long budget = 2_300;

        Outcome outcome = placeOrderWithin(budget, orderBody(userId, "MUG-001", 1), newKey());

        assertEquals(201, outcome.status());
        List<LoggedRequest> calls = wireMock.findAll(getRequestedFor(urlPathEqualTo("/users/" + userId)));
        assertEquals(1, calls.size());
        long sent = Long.parseLong(calls.get(0).getHeader(BUDGET));
        long most = budget - CallPolicy.CALLEE_WORK_BUDGET_MS - CallPolicy.ANSWER_RESERVE_MS;
        assertTrue(sent <= most && sent > most - 200, () -> "budget sent to user-service: " + sent + " ms");
    }

    @Test
    void aSlowUserServiceIsCutOffAtWhatIsLeftAndTheCallCancelled() throws Exception {
        long userId = randomUserId();
        // Slower than the budget and than the REST client's read timeout, the backstop.
        wireMock.stubFor(get(urlPathEqualTo("/users/" + userId))
                .willReturn(okJson("{\"id\":" + userId + "}").withFixedDelay(3_500)));
        String key = newKey();
        long budget = 2_300;
        // The call may take what is left less the insert's allowance: at most 1.8 s of the 2.3 s.
        long cut = budget - CallPolicy.CALLEE_WORK_BUDGET_MS;

        Outcome outcome = placeOrderWithin(budget, orderBody(userId, "SHIRT-001", 1), key);
        Thread.sleep(3_500 - cut + 500); // past user-service's answer, had the call been left open

        assertEquals(503, outcome.status(), "the caller learns the order failed: " + outcome);
        assertTrue(outcome.millis() < budget, () -> "answered after " + outcome.millis() + " ms");
        assertEquals(0, Order.count("idempotencyKey", key), "an order created after its caller was answered");
        List<SpanData> trace = spans.ofTrace(outcome.traceId());
        SpanData call = InMemorySpans.find(
                        trace,
                        s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("GET /users/{id}"))
                .orElseThrow();
        long callMillis = Duration.ofNanos(call.getEndEpochNanos() - call.getStartEpochNanos())
                .toMillis();
        assertTrue(callMillis < cut + 200, () -> "the call to user-service ended after " + callMillis + " ms");
        assertNoSpanEndsAfterItsParent(trace);
    }

    @Test
    void anInsertThatCannotFinishByTheDeadlineIsCancelledAndTheOrderNeverCreated() throws Exception {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String key = newKey();
        String hash = IdempotencyRules.requestHash(userId, List.of(new OrderLine("BOOK-002", 1)));
        // Another transaction inserts an order with the same key and neither commits nor rolls back yet: the
        // service's insert waits on the unique index, as it would on any slow or locked database.
        try (Connection blocker = database.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement insert = blocker.prepareStatement(
                    "INSERT INTO orders (user_id, status, total_cents, idempotency_key, request_hash, created_at)"
                            + " VALUES (?, 'CONFIRMED', 4450, ?, ?, now())")) {
                insert.setLong(1, userId);
                insert.setString(2, key);
                insert.setString(3, hash);
                insert.executeUpdate();
            }
            Outcome outcome;
            try {
                outcome = placeOrderWithin(1_500, orderBody(userId, "BOOK-002", 1), key);
            } finally {
                blocker.rollback();
            }
            Thread.sleep(1_000); // what an insert let through by the rollback would take

            assertEquals(0, Order.count("idempotencyKey", key), "an order created after its caller was answered");
            assertEquals(503, outcome.status(), "the caller learns the order failed: " + outcome);
            assertTrue(outcome.millis() < 1_500, () -> "answered after " + outcome.millis() + " ms");
        } catch (SQLException e) {
            fail(e);
        }
        assertNull(
                redis.value(String.class).get(redisKey(userId, key)),
                "the failed request released its Idempotency-Key");
    }

    /**
     * No span of {@code trace} ends after its parent, with one allowance: a CLIENT span whose call was cancelled
     * (an {@code Attempt} timed out) ends when the HTTP client has reset the request on its event loop, which can
     * be a millisecond or two after the timeout failed the waiting thread and its span ended. That lag, at most
     * {@link #CANCELLED_CALL_LAG}, is not work done past the deadline; anything longer is.
     */
    static void assertNoSpanEndsAfterItsParent(List<SpanData> trace) {
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        for (SpanData span : trace) {
            SpanData parent = byId.get(span.getParentSpanId());
            if (parent != null) {
                long lateNanos = span.getEndEpochNanos() - parent.getEndEpochNanos();
                boolean cancelledCall = span.getKind() == SpanKind.CLIENT
                        && span.getStatus().getStatusCode() != StatusCode.OK
                        && parent.getStatus().getStatusCode() == StatusCode.ERROR;
                long allowedNanos = cancelledCall ? CANCELLED_CALL_LAG.toNanos() : 0;
                assertTrue(
                        lateNanos <= allowedNanos,
                        () -> "'" + span.getName() + "' ends "
                                + Duration.ofNanos(lateNanos).toMillis() + " ms after its parent '" + parent.getName()
                                + "'");
            }
        }
    }
}
