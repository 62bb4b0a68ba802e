package dev.obsdemo.gateway.api;

import static dev.obsdemo.testing.InMemorySpans.attribute;
import static dev.obsdemo.testing.JsonLogs.accessLine;
import static dev.obsdemo.testing.JsonLogs.awaitLogLines;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.RawHttp;
import dev.obsdemo.testing.WireMockResource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Requests refused before any route runs, sent over a real socket as a client would send them: an oversized
 * header block (431), an oversized request line (414), an announced body over the limit (413). Each answer
 * must be a problem document with {@code X-Request-ID} and {@code X-Trace-Id}, written to the access log with
 * both IDs, and traced as a SERVER span that carries {@code app.request.id} and no raw path in its name.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class PreRoutingRejectionsTest extends GatewayTestBase {

    private static final String SERVICE = "gateway-service";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    @Test
    void aHeaderBlockOf25KbIsA431ProblemWithBothIdsLoggedAndTraced() {
        String requestId = "big-header-" + UUID.randomUUID();
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");

        RawHttp.Answer answer = RawHttp.get(
                server.getPort(),
                "/api/products",
                "X-Request-ID: " + requestId + "\r\nX-Junk: " + marker + "x".repeat(25_000) + "\r\n");

        assertRejectedVisibly(answer, 431, requestId, marker);
    }

    @Test
    void aRequestLineOf9000CharactersIsA414ProblemWithBothIdsLoggedAndTraced() {
        String requestId = "long-line-" + UUID.randomUUID();
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");

        RawHttp.Answer answer = RawHttp.get(
                server.getPort(),
                "/api/products?q=" + marker + "y".repeat(9_000),
                "X-Request-ID: " + requestId + "\r\n");

        assertRejectedVisibly(answer, 414, requestId, marker);
    }

    @Test
    void aBodyOf70KbIsA413ProblemWithBothIdsLoggedAndTraced() {
        String requestId = "big-body-" + UUID.randomUUID();
        byte[] body = ("{\"name\":\"" + "z".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = RawHttp.send(
                server.getPort(),
                "POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + "Content-Length: "
                        + body.length + "\r\nX-Request-ID: " + requestId + "\r\n",
                body);

        assertRejectedVisibly(answer, 413, requestId, "zzzzzzzzzz");
    }

    @Test
    void aHeaderBlockJustUnderTheLimitIsServed() {
        wireMock.stubFor(WireMock.get("/products").willReturn(WireMock.okJson("[]")));

        RawHttp.Answer answer =
                RawHttp.get(server.getPort(), "/api/products", "X-Padding: " + "p".repeat(15_000) + "\r\n");

        assertEquals(200, answer.status(), answer::body);
    }

    private void assertRejectedVisibly(RawHttp.Answer answer, int status, String requestId, String marker) {
        assertEquals(status, answer.status(), () -> "status; headers " + answer.headers() + " body " + answer.body());
        assertThat(answer.header("Content-Type"), startsWith("application/problem+json"));
        assertEquals(requestId, answer.header("X-Request-ID"), () -> "X-Request-ID of " + answer.headers());
        String traceId = answer.header("X-Trace-Id");
        assertThat("X-Trace-Id of " + answer.headers(), traceId, matchesPattern("[0-9a-f]{32}"));
        JsonNode problem = readJson(answer.body());
        assertEquals(status, problem.path("status").asInt(), answer::body);
        assertEquals(requestId, problem.path("requestId").asText(), answer::body);
        assertNotEquals("", problem.path("detail").asText(""), answer::body);
        assertThat(answer.body(), not(containsString(marker)));

        List<JsonNode> lines = awaitLogLines(SERVICE, requestId);
        JsonNode access = accessLine(lines);
        assertEquals(traceId, access.path("traceId").asText(), () -> "traceId of " + access);
        assertThat(access.path("message").asText(), matchesPattern("[A-Z]+ \\S+ " + status + " \\d+\\.\\d ms"));
        lines.forEach(line -> assertThat(line.toString(), not(containsString(marker))));

        SpanData serverSpan = InMemorySpans.find(
                        spans.trace(traceId, InMemorySpans.serverSpan()), InMemorySpans.serverSpan())
                .orElseThrow();
        assertEquals(requestId, attribute(serverSpan, "app.request.id"));
        assertEquals(Integer.toString(status), attribute(serverSpan, "http.response.status_code"));
        assertThat(serverSpan.getName(), not(containsString(marker)));
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: '" + body + "'", e);
        }
    }
}
