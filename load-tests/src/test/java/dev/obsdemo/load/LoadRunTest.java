package dev.obsdemo.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The representative part of the load tests that {@code make test} runs (about a minute): {@link ShopSimulation}
 * through Gatling, as {@code gatling:test} runs it, against the three packaged services on free ports with a
 * Jaeger of their own ({@link TracedStack}), then {@link TraceCompleteness} against that Jaeger.
 *
 * <ul>
 *   <li>the default profile, shortened to 18 s: it passes its assertions, no request is refused by the rate
 *       limit, the HTML report is where the run says, every response's trace ID is recorded, and every trace is
 *       complete in Jaeger;
 *   <li>the assertions can fail: an impossible 95th percentile, and a gateway whose order-service is stopped
 *       (503s), each make Gatling exit non-zero;
 *   <li>the completeness check can fail: a trace ID Jaeger never saw, and a real trace checked against a route
 *       that touches a service the trace has no span from.
 * </ul>
 */
class LoadRunTest {

    private static final Path OUT = Path.of("target/load-run-test").toAbsolutePath();
    private static TracedStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new TracedStack().start();
        warmUp(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * A few requests along every path before any run is measured: freshly started JVMs answer their first
     * requests in hundreds of milliseconds (class loading), which would be the run's 95th percentile.
     */
    private static void warmUp(String gateway) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 5; i++) {
            String created = client.send(
                            json(
                                    gateway + "/api/users",
                                    "{\"name\":\"Warm Up\",\"email\":\"warm-" + UUID.randomUUID() + "@example.com\"}"),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String id = created.replaceAll(".*\"id\":(\\d+).*", "$1");
            client.send(
                    json(
                            gateway + "/api/orders",
                            "{\"userId\":" + id + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}"),
                    HttpResponse.BodyHandlers.discarding());
            for (String path :
                    List.of("/api/users/" + id, "/api/users/" + id + "/orders", "/api/users/" + id + "/summary")) {
                client.send(
                        HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static HttpRequest json(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static GatlingRun run(String name, Map<String, String> parameters) throws Exception {
        Map<String, String> all = new HashMap<>(parameters);
        all.putIfAbsent("baseUrl", stack.gatewayUrl());
        all.putIfAbsent("traceIds", OUT.resolve(name + "/trace-ids.csv").toString());
        return GatlingRun.of(all, OUT.resolve(name + "/gatling"), 120);
    }

    @Test
    void theDefaultProfileShortenedPassesAndEveryTraceIsComplete() throws Exception {
        Path traceIds = OUT.resolve("default/trace-ids.csv");

        // The default profile's shape, each phase cut short: ramp-up, steady, spike, steady again.
        GatlingRun run = run(
                "default",
                Map.of(
                        "rampSeconds", "3",
                        "duration", "8",
                        "spikeSeconds", "4",
                        "spikeUsersPerSec", "8",
                        "recoverSeconds", "3",
                        // About 15 orders in so short a run: at the default 20%, none was retried in one CI run
                        // in ten (0.8^15), and the retry route below went unseen.
                        "retryPercent", "50"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("percentage of failed events is less than or equal to 1.0 : true")
                .contains("95th percentile of response time is less than 800.0 : true");
        assertThat(run.report()).as(run.output()).hasValueSatisfying(report -> {
            assertThat(report).startsWith(run.resultsFolder()).isRegularFile();
        });

        List<TraceLog.Entry> entries = TraceLog.read(traceIds);
        assertThat(entries).hasSizeGreaterThan(50);
        assertThat(run.output()).contains("load: " + entries.size() + " trace IDs recorded in " + traceIds);
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.traceId()).matches("[0-9a-f]{32}");
            assertThat(entry.status())
                    .as(entry.toString())
                    .isEqualTo(entry.route().status());
        });
        assertThat(entries.stream().map(TraceLog.Entry::requestId).distinct()).hasSameSizeAs(entries);
        Set<Route> seen = entries.stream().map(TraceLog.Entry::route).collect(Collectors.toSet());
        assertThat(seen)
                .containsAll(EnumSet.of(
                        Route.CREATE_USER,
                        Route.VIEW_USER,
                        Route.LIST_ORDERS,
                        Route.SUMMARY,
                        Route.PLACE_ORDER,
                        Route.RETRY_ORDER));

        TraceCompleteness.Result completeness =
                new TraceCompleteness(stack.jaegerUrl()).check(entries, 1000, 1, Duration.ofSeconds(30));
        String report = TraceCompleteness.describe(completeness, stack.jaegerUrl(), 100);
        System.out.print(report);
        assertThat(completeness.verdicts()).as(report).hasSameSizeAs(entries);
        assertThat(completeness.percent()).as(report).isEqualTo(100.0);
    }

    @Test
    void anImpossible95thPercentileFailsTheRun() throws Exception {
        GatlingRun run = run("impossible-p95", Map.of("profile", "steady", "duration", "4", "p95Ms", "1"));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("95th percentile of response time is less than 1.0 : false");
    }

    @Test
    void aStoppedOrderServiceFailsTheRun() throws Exception {
        String gateway = stack.startGatewayWithoutOrderService();
        Path traceIds = OUT.resolve("order-service-stopped/trace-ids.csv");

        GatlingRun run = run(
                "order-service-stopped",
                Map.of("baseUrl", gateway, "profile", "steady", "duration", "4", "traceIds", traceIds.toString()));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("percentage of failed events is less than or equal to 1.0 : false");
        assertThat(TraceLog.read(traceIds))
                .anySatisfy(entry -> assertThat(entry.status()).isEqualTo(503));
    }

    @Test
    void theCompletenessCheckFailsForATraceJaegerDoesNotHaveOrOneMissingAService() throws Exception {
        // A real request's trace, complete for the route it took (user-service only)...
        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/users/1"))
                                .header("X-Request-ID", "completeness-" + UUID.randomUUID())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
        String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
        Route route = response.statusCode() == 200 ? Route.VIEW_USER : Route.VIEW_UNKNOWN_USER;
        Path file = OUT.resolve("completeness/trace-ids.csv");
        try (TraceLog log = TraceLog.open(file)) {
            log.record(traceId, requestId, route, route.status());
        }
        assertThat(TraceCompleteness.run(stack.jaegerUrl(), file, 10, 1, Duration.ofSeconds(20), 100))
                .isZero();

        // ...but recorded as a summary, whose route also touches order-service; and a trace nobody sent.
        Files.delete(file);
        try (TraceLog log = TraceLog.open(file)) {
            log.record(traceId, requestId, Route.SUMMARY, Route.SUMMARY.status());
            log.record("0123456789abcdef0123456789abcdef", "nobody", Route.VIEW_USER, 200);
        }
        TraceCompleteness.Result result =
                new TraceCompleteness(stack.jaegerUrl()).check(TraceLog.read(file), 10, 1, Duration.ofSeconds(3));

        assertThat(result.percent()).isZero();
        assertThat(TraceCompleteness.describe(result, stack.jaegerUrl(), 100))
                .contains("no spans from [order-service]")
                .contains("not in Jaeger");
        assertThat(TraceCompleteness.run(stack.jaegerUrl(), file, 10, 1, Duration.ofSeconds(3), 100))
                .isEqualTo(1);
    }
}
