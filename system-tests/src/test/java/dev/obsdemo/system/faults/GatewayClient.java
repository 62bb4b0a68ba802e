package dev.obsdemo.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.system.ObservedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one request to the gateway and records what came back as an {@link Outcome}, whatever it is: a
 * refused connection or a hang becomes an outcome too, never an exception, so the load keeps going and every
 * request is counted.
 */
final class GatewayClient {

    /**
     * The client's own limit, in ms: well past every route's budget ({@link Route#budgetMs()}, at most 8 s),
     * so that a request over its budget is measured, and one that hangs is still ended.
     */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /**
     * Sends {@code method path} with an optional JSON body and headers.
     *
     * @param body the JSON body, or null for none
     * @param headers request headers; {@code X-Request-ID} and {@code Idempotency-Key} among them are recorded
     */
    Outcome send(Route route, String label, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ObservedStack.GATEWAY + path))
                .timeout(CLIENT_TIMEOUT)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        String sentRequestId = headers.get("X-Request-ID");
        String key = headers.get("Idempotency-Key");
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            JsonNode json = parse(response.body());
            String problemRequestId =
                    json.path("requestId").isTextual() ? json.path("requestId").asText() : null;
            Long id = json.path("id").isIntegralNumber() ? json.path("id").asLong() : null;
            String detail =
                    json.path("detail").isTextual() ? json.path("detail").asText() : abbreviate(response.body());
            return new Outcome(
                    route,
                    label,
                    startedAt,
                    millis,
                    response.statusCode(),
                    contentType,
                    sentRequestId,
                    response.headers().firstValue("X-Request-ID").orElse(null),
                    problemRequestId,
                    response.headers().firstValue("Retry-After").orElse(null),
                    detail,
                    key,
                    id);
        } catch (HttpTimeoutException e) {
            return failed(route, label, startedAt, start, Outcome.TIMED_OUT, sentRequestId, key, e);
        } catch (IOException e) {
            return failed(route, label, startedAt, start, Outcome.NO_ANSWER, sentRequestId, key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(route, label, startedAt, start, Outcome.NO_ANSWER, sentRequestId, key, e);
        }
    }

    private static Outcome failed(
            Route route,
            String label,
            long startedAt,
            long start,
            int status,
            String sentRequestId,
            String key,
            Exception e) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Outcome(
                route,
                label,
                startedAt,
                millis,
                status,
                null,
                sentRequestId,
                null,
                null,
                null,
                e.toString(),
                key,
                null);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
