package dev.obsdemo.system.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spans sent straight to the collector's OTLP/HTTP receiver (JSON encoding, OTLP 1.x), for tests of the pipeline
 * that need more spans than the services make in a test's time. Each span looks like one of the gateway's server
 * spans (HTTP semantic conventions, a request ID), so that it weighs in the collector what theirs do.
 */
final class OtlpSpans {

    /** The local stack's OTLP/HTTP traces endpoint (scripts/stack.sh; the services export here). */
    static final URI TRACES = URI.create("http://127.0.0.1:4318/v1/traces");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OtlpSpans() {}

    /**
     * One export request: {@code spans} server spans of one new trace, of the resource {@code service}, ended now.
     *
     * @return the ExportTraceServiceRequest as JSON bytes
     */
    static byte[] batch(String service, int spans) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode resourceSpans = request.putArray("resourceSpans").addObject();
        attributes(resourceSpans.putObject("resource"), Map.of("service.name", service));
        ObjectNode scopeSpans = resourceSpans.putArray("scopeSpans").addObject();
        scopeSpans.putObject("scope").put("name", OtlpSpans.class.getName());
        ArrayNode list = scopeSpans.putArray("spans");
        String traceId = hex(16);
        long end = System.currentTimeMillis() * 1_000_000;
        for (int i = 0; i < spans; i++) {
            ObjectNode span = list.addObject()
                    .put("traceId", traceId)
                    .put("spanId", hex(8))
                    .put("name", "GET /api/users/{id}")
                    .put("kind", 2) // SPAN_KIND_SERVER
                    .put("startTimeUnixNano", Long.toString(end - 2_000_000))
                    .put("endTimeUnixNano", Long.toString(end));
            attributes(
                    span,
                    Map.of(
                            "http.request.method", "GET",
                            "http.route", "/api/users/{id}",
                            "url.path", "/api/users/" + i,
                            "url.scheme", "http",
                            "server.address", "127.0.0.1",
                            "network.protocol.version", "1.1",
                            "client.address", "127.0.0.1",
                            "user_agent.original", "TracePipelineTest",
                            "request.id", hex(16)));
            ((ArrayNode) span.get("attributes"))
                    .addObject()
                    .put("key", "http.response.status_code")
                    .putObject("value")
                    .put("intValue", "200");
            span.putObject("status");
        }
        return JSON.writeValueAsBytes(request);
    }

    /**
     * Posts one export request.
     *
     * @return the HTTP status the receiver answered: 200 when it took the spans, 503 (or 429) when it refused them
     */
    static int post(byte[] exportRequest) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(TRACES)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(exportRequest))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void attributes(ObjectNode owner, Map<String, String> values) {
        ArrayNode attributes = owner.putArray("attributes");
        values.forEach((key, value) ->
                attributes.addObject().put("key", key).putObject("value").put("stringValue", value));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
