package dev.obsdemo.system.traces;

import static dev.obsdemo.system.ObservedStack.GATEWAY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.obsdemo.system.MetricsText;
import dev.obsdemo.system.ObservedStack;
import dev.obsdemo.system.StackExtension;
import dev.obsdemo.system.Traces;
import dev.obsdemo.system.Traces.Span;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The telemetry pipeline of the local stack, for real: the services export to the OpenTelemetry Collector,
 * which fans every span out to Jaeger and Zipkin. Each backend gets every trace whole; one backend down costs
 * nothing to the other nor to the requests; the collector down costs the requests nothing and the services
 * count what they lose; health checks, schedules and start-up leave no traces.
 *
 * <p>The tests that stop a component start it again, so the order only keeps them apart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StackExtension.class)
class TracePipelineTest {

    private static final ObservedStack stack = new ObservedStack();
    private static final String COLLECTOR_METRICS = "http://127.0.0.1:8888/metrics";
    private static final Set<String> ALL_SERVICES = Set.of("gateway-service", "order-service", "user-service");
    /** Far above a request's latency on this stack (tens of milliseconds), far below a timeout (2 s). */
    private static final Duration NORMAL_LATENCY = Duration.ofMillis(750);

    /** A request through the gateway: its trace ID and the services it must reach. */
    record Sent(String traceId, Set<String> services) {}

    private static long createUser() {
        return given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Pipeline\",\"email\":\"pipeline-" + UUID.randomUUID() + "@example.com\"}")
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static Sent order(long userId) {
        Response response = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"userId\":" + userId
                        + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1},{\"sku\":\"MUG-001\",\"quantity\":2}]}")
                .post("/api/orders");
        response.then().statusCode(201);
        return new Sent(response.header("X-Trace-Id"), ALL_SERVICES);
    }

    private static Sent summary(long userId) {
        Response response = given().baseUri(GATEWAY).get("/api/users/{id}/summary", userId);
        response.then().statusCode(200);
        return new Sent(response.header("X-Trace-Id"), ALL_SERVICES);
    }

    /** A user read, timed: the trace reaches the gateway and user-service. */
    private static Sent timedUserRead(long userId) {
        long start = System.nanoTime();
        Response response = given().baseUri(GATEWAY).get("/api/users/{id}", userId);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        response.then().statusCode(200);
        assertThat(took).as("latency of GET /api/users/%d", userId).isLessThan(NORMAL_LATENCY);
        return new Sent(response.header("X-Trace-Id"), Set.of("gateway-service", "user-service"));
    }

    /**
     * Whole: spans of every service the request reaches, one root (the gateway's SERVER span), every other
     * span's parent in the trace.
     */
    private static boolean whole(List<Span> spans, Set<String> services) {
        List<Span> roots = Traces.roots(spans);
        return Traces.services(spans).equals(services)
                && roots.size() == 1
                && roots.get(0).service().equals("gateway-service")
                && roots.get(0).kind().equals("server");
    }

    /** Waits until Jaeger has the trace whole, and returns its spans. */
    private static List<Span> wholeInJaeger(Sent sent) {
        List<List<Span>> found = new ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    found.set(0, Traces.jaeger(sent.traceId()));
                    return whole(found.get(0), sent.services());
                });
        return found.get(0);
    }

    private static double collectorMetric(String name, Map<String, String> labels) throws Exception {
        return MetricsText.sum(COLLECTOR_METRICS, name, labels);
    }

    @Test
    @Order(1)
    void aRequestIsTheSameTraceInJaegerAndInZipkin() {
        Sent sent = order(createUser());

        List<Span> jaeger = wholeInJaeger(sent);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() ->
                        assertThat(Traces.ids(Traces.zipkin(sent.traceId()))).isEqualTo(Traces.ids(jaeger)));
        List<Span> zipkin = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            zipkin.clear();
            zipkin.addAll(Traces.zipkin(sent.traceId()));
            assertThat(zipkin).hasSameSizeAs(jaeger);
        });
        assertThat(Traces.services(zipkin)).isEqualTo(ALL_SERVICES);
        // Same parent for every span, and the same kinds: one tree, told the same way by both backends.
        Map<String, String> parentsInJaeger = new LinkedHashMap<>();
        jaeger.forEach(s -> parentsInJaeger.put(s.id(), s.parentId() + " " + s.kind()));
        Map<String, String> parentsInZipkin = new LinkedHashMap<>();
        zipkin.forEach(s -> parentsInZipkin.put(s.id(), s.parentId() + " " + s.kind()));
        assertThat(parentsInZipkin).isEqualTo(parentsInJaeger);
    }

    @Test
    @Order(2)
    void fiftyRequestsAreFiftyWholeTracesInBothBackends() {
        long userId = createUser();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(
                    switch (i % 3) {
                        case 0 -> order(userId);
                        case 1 -> summary(userId);
                        default -> timedUserRead(userId);
                    });
        }
        List<String> incomplete = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    incomplete.clear();
                    for (Sent request : sent) {
                        List<Span> jaeger = Traces.jaeger(request.traceId());
                        List<Span> zipkin = Traces.zipkin(request.traceId());
                        if (!whole(jaeger, request.services())
                                || !Traces.ids(zipkin).equals(Traces.ids(jaeger))) {
                            incomplete.add(request.traceId() + ": Jaeger " + jaeger.size() + " spans from "
                                    + Traces.services(jaeger) + ", Zipkin " + zipkin.size());
                        }
                    }
                    return incomplete.isEmpty();
                });
        assertThat(incomplete).as("traces not whole in both backends").isEmpty();
    }

    @Test
    @Order(2)
    void showTracePrintsATraceOfAnyShapeOnceItsSpansStopArriving() throws Exception {
        // The catalog: the gateway and order-service only.
        String traceId = given().baseUri(GATEWAY)
                .get("/api/products")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Trace-Id");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(
                        stack.root.resolve("scripts/show-trace.py").toString(), traceId)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .startsWith("trace " + traceId + ": ")
                .contains("spans from gateway-service, order-service\n")
                .contains("gateway-service: GET /api/products [server]", "order-service: GET /products [server]");
        assertThat(took).as("time to print it").isLessThan(Duration.ofSeconds(10));
    }

    /**
     * More spans than a backend's queue holds, while that backend is down, cost the other backend and the senders
     * nothing: the collector drops (and counts) the excess of Zipkin's queue only. Before the queues were bounded in
     * spans, 200 queued batches of a dead Zipkin took more memory than memory_limiter allows, and the collector then
     * refused the exports with 503 (23 of this test's 100), so Jaeger's copy of those spans was lost too (make
     * bench's "spans dropped"). The spans go straight to the collector's OTLP/HTTP receiver, at 8,000 spans/s
     * (the gateway at full speed ends up to 10,000), because the services would need minutes to produce that many.
     */
    @Test
    @Order(3)
    void aBackendThatIsDownFillsOnlyItsOwnQueueHoweverManySpansArrive() throws Exception {
        Map<String, String> zipkinExporter = Map.of("exporter", "zipkin");
        Map<String, String> jaegerExporter = Map.of("exporter", "otlp/jaeger");
        double refusedBefore = collectorMetric("otelcol_receiver_refused_spans_total", Map.of());
        double toJaegerBefore = collectorMetric("otelcol_exporter_sent_spans_total", jaegerExporter);
        double zipkinDroppedBefore = collectorMetric("otelcol_exporter_enqueue_failed_spans_total", zipkinExporter);

        stack.stop("zipkin");
        try {
            int batches = 100;
            int spansPerBatch = 512;
            Map<Integer, Integer> answers = new TreeMap<>();
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                answers.merge(OtlpSpans.post(OtlpSpans.batch("trace-pipeline-test", spansPerBatch)), 1, Integer::sum);
                // About 8,000 spans a second: the gateway's cache hit at full speed on two cores ends 6 a request.
                long due = start + (i + 1) * Duration.ofSeconds(1).toNanos() * spansPerBatch / 8_000;
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
            }
            int sent = batches * spansPerBatch;

            assertThat(answers).as("OTLP/HTTP answers to %d batches", batches).isEqualTo(Map.of(200, batches));
            assertThat(collectorMetric("otelcol_receiver_refused_spans_total", Map.of()) - refusedBefore)
                    .as("spans the collector refused")
                    .isZero();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(collectorMetric("otelcol_exporter_sent_spans_total", jaegerExporter)
                                    - toJaegerBefore)
                            // At least: the services' last batches of the tests before may still arrive.
                            .as("spans sent to Jaeger")
                            .isGreaterThanOrEqualTo(sent));
            assertThat(collectorMetric("otelcol_exporter_enqueue_failed_spans_total", zipkinExporter)
                            - zipkinDroppedBefore)
                    .as("spans dropped at Zipkin's full queue, and counted")
                    .isPositive();
        } finally {
            stack.up(); // Zipkin again; it takes what its queue kept
        }
        // Until the queue has room again, new spans are dropped at it too; then Zipkin has every new trace.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(collectorMetric("otelcol_exporter_queue_size", zipkinExporter))
                        .as("spans in Zipkin's queue")
                        .isZero());
        Sent after = timedUserRead(createUser());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(Traces.services(Traces.zipkin(after.traceId())))
                        .isEqualTo(after.services()));
    }

    @Test
    @Order(4)
    void withZipkinDownRequestsAndJaegerGoOnAndZipkinCatchesUpWhenItIsBack() throws Exception {
        long userId = createUser();
        long collector = stack.pid("otel-collector");
        long jaegerPid = stack.pid("jaeger");
        Map<String, String> zipkinExporter = Map.of("exporter", "zipkin");
        double failedBefore = collectorMetric("otelcol_exporter_send_failed_spans_total", zipkinExporter)
                + collectorMetric("otelcol_exporter_enqueue_failed_spans_total", zipkinExporter);

        stack.stop("zipkin");
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(timedUserRead(userId));
        }
        // Jaeger has every one of them, whole, while Zipkin is down.
        sent.forEach(TracePipelineTest::wholeInJaeger);
        // The collector retries Zipkin for 30 s, then drops the batch and counts it.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(collectorMetric(
                                        "otelcol_exporter_send_failed_spans_total", zipkinExporter)
                                + collectorMetric("otelcol_exporter_enqueue_failed_spans_total", zipkinExporter))
                        .as("spans the zipkin exporter dropped")
                        .isGreaterThan(failedBefore));
        assertThat(collectorMetric("otelcol_exporter_send_failed_spans_total", Map.of("exporter", "otlp/jaeger")))
                .isZero();

        stack.up(); // starts Zipkin, the only component not running
        assertThat(stack.pid("otel-collector"))
                .as("the collector was not restarted")
                .isEqualTo(collector);
        assertThat(stack.pid("jaeger")).as("Jaeger was not restarted").isEqualTo(jaegerPid);
        Sent after = timedUserRead(userId);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(Traces.services(Traces.zipkin(after.traceId())))
                        .isEqualTo(after.services()));
    }

    @Test
    @Order(5)
    void withTheCollectorDownServicesAnswerStayReadyAndCountTheSpansTheyLose() throws Exception {
        long userId = createUser();
        Map<String, Double> lostBefore = new LinkedHashMap<>();
        for (String service : ALL_SERVICES) {
            lostBefore.put(service, spansLost(service));
        }

        stack.stop("otel-collector");
        for (int i = 0; i < 10; i++) {
            timedUserRead(userId);
            order(userId);
        }
        for (String service : ALL_SERVICES) {
            given().baseUri(managementUrl(service))
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200);
        }
        // Every service exported at least one batch since (1 s schedule) and counted it as lost.
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String service : ALL_SERVICES) {
                        assertThat(spansLost(service))
                                .as("spans %s lost", service)
                                .isGreaterThan(lostBefore.get(service));
                    }
                });
        assertThat(Files.readString(stack.logFile("gateway-service")))
                .as("the gateway says once that spans are being dropped")
                .contains("Span export failed (");

        stack.up(); // the collector again: the services' next batches reach Jaeger
        wholeInJaeger(order(userId));
    }

    @Test
    @Order(6)
    void healthChecksSchedulesAndStartUpLeaveNoTraces() throws Exception {
        long started = System.currentTimeMillis();
        while (System.currentTimeMillis() - started < 60_000) {
            for (String service : ALL_SERVICES) {
                given().baseUri(managementUrl(service))
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200);
            }
            Thread.sleep(1000);
        }
        Thread.sleep(2000); // the last batches: 1 s schedule delay, then the collector's 200 ms
        List<String> machinery = new ArrayList<>();
        int traces = 0;
        for (String service : ALL_SERVICES) {
            // Every trace Jaeger has of the service since the stack started (memory storage: nothing older).
            var data = ObservedStack.getJson(
                            ObservedStack.JAEGER + "/api/traces?service=" + service + "&limit=100000&lookback=6h")
                    .path("data");
            for (var trace : data) {
                traces++;
                for (Span root : Traces.roots(Traces.fromJaeger(trace))) {
                    if (!root.kind().equals("server")) {
                        machinery.add(root.service() + ": " + root.operation() + " [" + root.kind() + "]");
                    }
                }
            }
        }
        assertThat(traces).as("traces in Jaeger").isPositive();
        assertThat(machinery).as("traces that do not start at a request").isEmpty();
    }

    /**
     * Spans the service's exporter finished with any error_type: ConnectException once the collector is gone,
     * possibly another for a batch sent on a connection the collector closed as it stopped.
     */
    private static double spansLost(String service) throws Exception {
        String metrics = managementUrl(service) + "/q/metrics";
        return MetricsText.sum(metrics, "otel_sdk_exporter_span_exported_total", Map.of())
                - MetricsText.sum(metrics, "otel_sdk_exporter_span_exported_total", Map.of("error_type", ""));
    }

    private static String managementUrl(String service) {
        return switch (service) {
            case "gateway-service" -> "http://127.0.0.1:9000";
            case "user-service" -> "http://127.0.0.1:9001";
            case "order-service" -> "http://127.0.0.1:9002";
            default -> throw new IllegalArgumentException(service);
        };
    }
}
