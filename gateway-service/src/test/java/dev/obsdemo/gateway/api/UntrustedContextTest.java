package dev.obsdemo.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static dev.obsdemo.testing.InMemorySpans.attribute;
import static dev.obsdemo.testing.JsonLogs.awaitLogLines;
import static dev.obsdemo.testing.TelemetryHeaders.UUID_PATTERN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.obsdemo.gateway.Downstreams;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trace context a client sends is untrusted: the gateway keeps at most what W3C Baggage requires a platform
 * to carry (64 list-members, 8,192 bytes), never takes the request ID from baggage, and never forwards more
 * than a downstream accepts. A downstream that refuses what the gateway built (431, 414) is the gateway's
 * failure, not the client's.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class UntrustedContextTest extends GatewayTestBase {

    @Inject
    InMemorySpans spans;

    private void stubUser7() {
        wireMock.stubFor(get(urlEqualTo("/users/7")).willReturn(okJson(Downstreams.user(7, "Ada", "ada@example.org"))));
    }

    private LoggedRequest theCallToUserService() {
        List<LoggedRequest> calls = wireMock.findAll(getRequestedFor(urlEqualTo("/users/7")));
        assertEquals(1, calls.size(), "calls to user-service");
        return calls.get(0);
    }

    @Test
    void aHundredBaggageEntriesAreCutToTheW3cLimitOf64() {
        stubUser7();
        String baggage =
                IntStream.range(0, 100).mapToObj(i -> "k" + i + "=v" + i).collect(Collectors.joining(","));

        given().header("baggage", baggage).get("/api/users/7").then().statusCode(200);

        String forwarded = theCallToUserService().getHeader("baggage");
        List<String> members = List.of(forwarded.split(","));
        assertThat("members forwarded: " + forwarded, members.size(), lessThanOrEqualTo(64));
        assertTrue(members.stream().anyMatch(m -> m.startsWith("app.request.id=")), forwarded);
        assertTrue(members.contains("k0=v0"), () -> "whole members are kept in order: " + forwarded);
        assertThat(forwarded, not(containsString("k99=")));
    }

    @Test
    void aRequestIdInBaggageIsNeverTheRequestsId() {
        stubUser7();

        Response response = given().header("X-Request-ID", "not valid")
                .header("baggage", "app.request.id=chosen-by-client,request.id=chosen-too")
                .get("/api/users/7");

        response.then().statusCode(200);
        String requestId = response.header("X-Request-ID");
        assertThat(requestId, matchesPattern(UUID_PATTERN));
        LoggedRequest call = theCallToUserService();
        assertEquals(requestId, call.getHeader("X-Request-ID"));
        assertThat(call.getHeader("baggage"), containsString("app.request.id=" + requestId));
        assertThat(call.getHeader("baggage"), not(containsString("chosen-by-client")));
    }

    /** 7,000 '/' become 21,000 bytes once re-encoded ({@code %2F}): more than any hop may forward. */
    @Test
    void aBaggageValueThatGrowsWhenReEncodedIsNotForwarded() {
        stubUser7();

        given().header("baggage", "small=1,slashes=" + "/".repeat(7_000))
                .get("/api/users/7")
                .then()
                .statusCode(200);

        String forwarded = theCallToUserService().getHeader("baggage");
        assertThat(forwarded.getBytes(StandardCharsets.UTF_8).length, lessThanOrEqualTo(8_192));
        assertThat(forwarded, containsString("small=1"));
        assertThat(forwarded, not(containsString("slashes=")));
    }

    @Test
    void baggageOver8192BytesIsCutToWholeMembersWithinTheLimit() {
        stubUser7();
        String baggage = IntStream.range(0, 40)
                .mapToObj(i -> "k" + i + "=" + "v".repeat(300))
                .collect(Collectors.joining(","));
        assertTrue(baggage.length() > 12_000);

        given().header("baggage", baggage).get("/api/users/7").then().statusCode(200);

        String forwarded = theCallToUserService().getHeader("baggage");
        assertThat(forwarded.getBytes(StandardCharsets.UTF_8).length, lessThanOrEqualTo(8_192));
        for (String member : forwarded.split(",")) {
            assertTrue(
                    member.startsWith("app.request.id=") || member.endsWith("v".repeat(300)),
                    () -> "a whole member: " + member);
        }
    }

    @ParameterizedTest(name = "user-service answering {0}")
    @ValueSource(ints = {431, 414})
    void aDownstreamRefusingWhatTheGatewaySentIsTheGatewaysFailure(int status) {
        wireMock.stubFor(get(urlEqualTo("/users/7"))
                .willReturn(aResponse().withStatus(status).withBody("")));
        String requestId = "refused-" + UUID.randomUUID();

        Response response = given().header("X-Request-ID", requestId).get("/api/users/7");

        String detail = assertProblem(response, 502).getString("detail");
        assertThat(detail, containsString(Integer.toString(status)));
        wireMock.verify(1, getRequestedFor(urlEqualTo("/users/7"))); // not retried: the same request fails again
        SpanData serverSpan = InMemorySpans.find(
                        spans.trace(response.header("X-Trace-Id"), InMemorySpans.serverSpan()),
                        InMemorySpans.serverSpan())
                .orElseThrow();
        assertEquals(StatusCode.ERROR, serverSpan.getStatus().getStatusCode());
        assertEquals("502", attribute(serverSpan, "http.response.status_code"));
        List<JsonNode> lines = awaitLogLines("gateway-service", requestId);
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.path("level").asText().equals("ERROR")
                                && l.path("message").asText().contains(Integer.toString(status))),
                () -> "an ERROR line naming " + status + " in " + lines);
    }
}
