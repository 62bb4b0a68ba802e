package dev.obsdemo.system.shutdown;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.obsdemo.system.LocalStack;
import dev.obsdemo.system.LocalStack.Service;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A normal stop of the packaged services, for real, with SIGTERM as Kubernetes, docker and scripts/stack.sh send
 * it. The sequence the README states under "Shutdown" must hold:
 *
 * <ol>
 *   <li>readiness answers 503 DOWN at once, so that a load balancer stops sending new requests;
 *   <li>during the delay that follows, new requests are still served normally (the load balancer may not have
 *       noticed yet);
 *   <li>a request in flight completes normally (201), its Redis Idempotency-Key and database work included;
 *   <li>the process exits within the shutdown delay plus the shutdown timeout, and a new request then finds the
 *       port closed (connection refused);
 *   <li>and no log holds an ERROR line: a normal stop is not an error.
 * </ol>
 *
 * <p>The single-service test runs order-service with an order in flight (its user check waits on a slow
 * user-service, a WireMock stub) and the delay cut to 1 s ({@code QUARKUS_SHUTDOWN_DELAY}, a run-time setting),
 * so that the order outlives the delay and is finished by the drain after it: both phases are covered. The
 * full-stack test stops the three services together with the configured delay. The configured values are tied
 * to the call policy by service-commons' {@code ShutdownSettingsTest}.
 */
class GracefulShutdownTest {

    /** How long the stub user-service takes to answer: under order-service's 2 s per attempt, over the delay. */
    private static final int USER_CHECK_MILLIS = 1_500;

    private static final Duration TEST_DELAY = Duration.ofSeconds(1);
    /** {@code quarkus.shutdown.delay} as service-commons configures it for every service. */
    private static final Duration CONFIGURED_DELAY = Duration.ofSeconds(5);
    /** How long the full-stack test's client goes on sending after SIGTERM: less than the delay. */
    private static final Duration LOAD_BALANCER_LAG = Duration.ofSeconds(3);
    /** {@code quarkus.shutdown.timeout} as service-commons configures it for every service. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private WireMockServer slowUserService;
    private LocalStack stack;
    /** The order-service the single-service test started. */
    private Service stackOrders;

    @BeforeEach
    void startSlowUserService(TestInfo test) {
        slowUserService = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        slowUserService.start();
        answerUserChecksAfter(0);
        stack = new LocalStack("shutdown-" + test.getTestMethod().orElseThrow().getName());
    }

    private void answerUserChecksAfter(int millis) {
        slowUserService.resetAll();
        slowUserService.stubFor(get(urlPathMatching("/users/[0-9]+"))
                .willReturn(okJson("{\"id\":42,\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\","
                                + "\"createdAt\":\"2026-01-01T00:00:00Z\"}")
                        .withFixedDelay(millis)));
    }

    @AfterEach
    void stop() {
        stack.close();
        slowUserService.stop();
    }

    @Test
    void sigtermTakesTheServiceOutOfRotationFinishesTheOrderInFlightAndStopsWithoutAnError() throws Exception {
        Map<String, String> env = new HashMap<>(LocalStack.ORDERS_DATABASE);
        env.put("USER_SERVICE_URL", slowUserService.baseUrl());
        env.put("QUARKUS_SHUTDOWN_DELAY", TEST_DELAY.toSeconds() + "s");
        Service orders = stack.launch("order-service", env);
        stackOrders = orders;
        HttpClient http = HttpClient.newHttpClient();

        // The first order initialises order-service's REST client and pools, which on a busy machine can take
        // longer than a user check may: it gets a fast user-service, the order in flight at SIGTERM the slow one.
        HttpResponse<String> first = placeOrder(http).get(30, TimeUnit.SECONDS);
        assertThat(first.statusCode()).as("the first order: %s", first.body()).isEqualTo(201);
        answerUserChecksAfter(USER_CHECK_MILLIS);

        CompletableFuture<HttpResponse<String>> inFlight = placeOrder(http);
        // In flight: order-service has taken the Idempotency-Key and is waiting for the user check.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> !slowUserService.getAllServeEvents().isEmpty());

        long sigterm = System.nanoTime();
        orders.process().destroy(); // SIGTERM

        HttpResponse<String> readiness = awaitReadinessDown(orders, sigterm);
        assertThat(json.readTree(readiness.body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(millisSince(sigterm))
                .as("readiness DOWN within 1 s of SIGTERM")
                .isLessThan(1_000);
        // A load balancer that has not yet seen readiness DOWN still sends requests: they are served.
        HttpResponse<String> duringDelay = send(orders.url() + "/products");
        assertThat(duringDelay.statusCode())
                .as("a new request during the delay: %s", duringDelay.body())
                .isEqualTo(200);

        HttpResponse<String> order = inFlight.get(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        assertThat(order.statusCode())
                .as("the order in flight at SIGTERM: %s", order.body())
                .isEqualTo(201);
        assertThat(json.readTree(order.body()).path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(millisSince(sigterm))
                .as("the order finished after the delay, in the drain")
                .isGreaterThan(TEST_DELAY.toMillis());

        assertThat(orders.process().waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("order-service exits")
                .isTrue();
        assertThat(millisSince(sigterm))
                .as("SIGTERM to exit within the shutdown delay and timeout")
                .isLessThan(TEST_DELAY.plus(SHUTDOWN_TIMEOUT).toMillis());

        assertThatThrownBy(() -> send(orders.url() + "/products"))
                .as("a new request once it has stopped")
                .isInstanceOf(ConnectException.class);
        assertThat(orders.errorLines())
                .as("ERROR lines in %s on a normal stop", orders.log())
                .isEmpty();
        assertThat(Files.readString(orders.log())).doesNotContain("Error Occurred After Shutdown");
    }

    /** POST /orders for the stub's user 42 with a new Idempotency-Key, sent now, answered later. */
    private CompletableFuture<HttpResponse<String>> placeOrder(HttpClient http) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(stackOrders.url() + "/orders"))
                        .version(HttpClient.Version.HTTP_1_1)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "shutdown-" + UUID.randomUUID())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"userId\":42,\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The three services stopped together, as a deployment stops them, with the configured delay (5 s), while a
     * client sends requests through the gateway for the first 3 s after SIGTERM, as a load balancer that is slow
     * to notice readiness DOWN does: each readiness turns DOWN at once, every one of those requests is served
     * (200), each process exits after the delay and within the delay and timeout, and no service logs an ERROR.
     */
    @Test
    void theWholeStackStopsOnSigtermWhileTrafficFlowsWithoutAnError() throws Exception {
        stack.start();
        List<Service> services = List.of(stack.gateway(), stack.orders(), stack.users());
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (sending.get()) {
                try {
                    outcomes.add(Integer.toString(
                            send(stack.gateway().url() + "/api/products").statusCode()));
                } catch (IOException | InterruptedException failed) {
                    outcomes.add(failed.toString());
                }
            }
        });
        traffic.start();
        // The first requests may find the services cold; the test starts once they answer.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains("200"));
        int beforeSigterm = outcomes.size();

        long sigterm = System.nanoTime();
        services.forEach(service -> service.process().destroy());
        for (Service service : services) {
            awaitReadinessDown(service, sigterm);
        }
        assertThat(millisSince(sigterm))
                .as("readiness DOWN within 1 s of SIGTERM")
                .isLessThan(1_000);
        Thread.sleep(LOAD_BALANCER_LAG.toMillis() - millisSince(sigterm));
        sending.set(false);
        traffic.join();

        for (Service service : services) {
            assertThat(service.process()
                            .waitFor(CONFIGURED_DELAY.plus(SHUTDOWN_TIMEOUT).toSeconds(), TimeUnit.SECONDS))
                    .as("%s exits", service.name())
                    .isTrue();
        }
        assertThat(millisSince(sigterm))
                .as("SIGTERM to exit: the delay, then no request left to wait for")
                .isBetween(
                        CONFIGURED_DELAY.toMillis(),
                        CONFIGURED_DELAY.plus(SHUTDOWN_TIMEOUT).toMillis());
        List<String> afterSigterm = outcomes.subList(beforeSigterm, outcomes.size());
        assertThat(afterSigterm).as("requests sent after SIGTERM").isNotEmpty();
        assertThat(afterSigterm)
                .as("requests through the gateway in the 3 s after SIGTERM")
                .allMatch("200"::equals);
        for (Service service : services) {
            assertThat(service.errorLines())
                    .as("ERROR lines in %s on a normal stop", service.log())
                    .isEmpty();
        }
    }

    /**
     * Waits until the service's readiness answers 503, polling every 20 ms, at most until 1 s after {@code sigterm}
     * (System.nanoTime() when SIGTERM was sent). The JVM runs its shutdown hooks on a thread of their own once the
     * signal arrives, so readiness turns DOWN a few milliseconds after SIGTERM, not at the instant destroy()
     * returns: one GET sent at once raced it and saw UP on a busy machine.
     *
     * @return the first readiness answer with status 503
     */
    private static HttpResponse<String> awaitReadinessDown(Service service, long sigterm) {
        List<HttpResponse<String>> down = new ArrayList<>();
        Awaitility.await()
                .atMost(Duration.ofMillis(Math.max(1, 1_000 - millisSince(sigterm))))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    HttpResponse<String> readiness = send(service.managementUrl() + "/q/health/ready");
                    assertThat(readiness.statusCode())
                            .as("%s readiness after SIGTERM: %s", service.name(), readiness.body())
                            .isEqualTo(503);
                    down.add(readiness);
                });
        return down.get(0);
    }

    /** A GET on a fresh connection: a pooled one the server closed would fail for the client's reasons. */
    private static HttpResponse<String> send(String url) throws IOException, InterruptedException {
        HttpClient fresh = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        return fresh.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
