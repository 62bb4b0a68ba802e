package dev.obsdemo.gateway.api;

import static dev.obsdemo.gateway.Problems.assertProblem;
import static dev.obsdemo.testing.TelemetryHeaders.PROMETHEUS_ACCEPT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.JsonLogs;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.RawHttp;
import dev.obsdemo.testing.WireMockResource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the gateway does with a request before a resource runs: a path it has no route for is a 404 for every
 * method, OPTIONS answers with the route's real {@code Allow}, and no raw path ever becomes a metric tag, a
 * span name or an access-log route.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class RoutingTest extends GatewayTestBase {

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    @ParameterizedTest(name = "{0} on a path without a route is a 404 problem")
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void aPathWithoutARouteIsA404ForEveryMethod(String method) {
        Response response = given().contentType("application/json").body("{}").request(method, "/api/nope-123");

        assertProblem(response, 404);
    }

    @ParameterizedTest(name = "{0} is a 404 problem")
    @ValueSource(strings = {"/api/products//", "//api/products", "/api//products", "/api/products/", "/api"})
    void aPathThatOnlyResemblesARouteIsA404(String path) {
        RawHttp.Answer answer = RawHttp.get(server.getPort(), path, "");

        assertEquals(404, answer.status(), answer::body);
        assertThat(answer.header("Content-Type"), containsString("application/problem+json"));
    }

    @ParameterizedTest(name = "OPTIONS {0}: Allow {1}")
    @CsvSource({
        "/api/users,                  'OPTIONS, POST'",
        "/api/users/2,                'GET, HEAD, OPTIONS'",
        "/api/users/2/orders,         'GET, HEAD, OPTIONS'",
        "/api/users/2/summary,        'GET, HEAD, OPTIONS'",
        "/api/orders,                 'OPTIONS, POST'",
        "/api/orders/9,               'GET, HEAD, OPTIONS'",
        "/api/products,               'GET, HEAD, OPTIONS'",
    })
    void optionsAnswersWithTheMethodsTheRouteServes(String path, String allow) {
        Response response = given().options(path);

        assertEquals(204, response.statusCode(), response::asString);
        assertEquals(allow, sorted(response.header("Allow")));
        assertEquals("", response.asString());
    }

    @Test
    void aMethodTheRouteDoesNotServeIsA405WithTheSameAllowAsOptions() {
        Response response = given().contentType("application/json").body("{}").post("/api/users/2");

        assertProblem(response, 405);
        assertEquals("GET, HEAD, OPTIONS", sorted(response.header("Allow")));
    }

    /**
     * A scanner sending 500 distinct junk paths with every method must not add a series per path: the number
     * of {@code http_server_requests_seconds} series stays flat (at most one per method and status), and no span
     * name, uri tag or access-log route carries a path.
     */
    @Test
    void fiveHundredJunkPathsAddNoSeriesPerPath() {
        String marker = "junk" + UUID.randomUUID().toString().substring(0, 8);
        List<String> methods = List.of("GET", "POST", "OPTIONS", "DELETE", "PUT");
        for (String method : methods) { // one request per method first: those series may be new
            given().request(method, "/api/" + marker + "-warmup");
        }
        Set<String> before = serverSeries();

        for (int i = 0; i < 500; i++) {
            String method = methods.get(i % methods.size());
            String path = switch (i % 5) {
                case 0 -> "/api/" + marker + "-" + i;
                case 1 -> "/api/users/" + i + "/" + marker;
                case 2 -> "//api/users/" + i;
                case 3 -> i % 2 == 0 ? "/api/users/" + i + "//" : "/api/anything-" + i + "//";
                default -> i % 2 == 0 ? "/" + marker + "/" + i : "//api/anything-" + i;
            };
            given().request(method, path);
        }

        Set<String> after = serverSeries();
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        assertThat("series added by 500 junk paths: " + added, added.size(), lessThanOrEqualTo(0));
        after.forEach(series -> assertThat(series, not(containsString(marker))));
        after.forEach(series -> assertThat(series, not(containsString("uri=\"/api/users/4"))));
        after.forEach(series -> assertThat(series, not(containsString("uri=\"/api/anything"))));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> spans.all().size() > 0);
        for (SpanData span : spans.all()) {
            assertThat(span.getName(), not(containsString(marker)));
            assertThat(span.getName(), not(containsString("//")));
        }
        for (JsonNode line : JsonLogs.read("gateway-service")) {
            if (line.path("loggerName").asText().equals("access")) {
                assertThat(line.path("message").asText(), not(containsString(marker)));
            }
        }
    }

    @Test
    void optionsOnARouteIsNeitherAPathTagNorASpanName() {
        given().options("/api/users/424242").then().statusCode(204);

        Set<String> series = serverSeries();
        series.forEach(s -> assertThat(s, not(containsString("/api/users/424242"))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> spans.all().stream().anyMatch(s -> s.getName().equals("OPTIONS /api/users/{id}")));
        spans.all().forEach(s -> assertThat(s.getName(), not(containsString("424242"))));
        assertEquals(
                0,
                spans.all().stream()
                        .filter(InMemorySpans.serverSpan())
                        .filter(s -> s.getName().equals("OPTIONS /"))
                        .count());
    }

    private Set<String> serverSeries() {
        String metrics = given().header("Accept", PROMETHEUS_ACCEPT)
                .get("http://localhost:" + server.getManagementPort() + "/q/metrics")
                .asString();
        return Arrays.stream(metrics.split("\n"))
                .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .map(l -> l.substring(0, l.lastIndexOf('}') + 1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String sorted(String allow) {
        if (allow == null) {
            return null;
        }
        return Arrays.stream(allow.split(",")).map(String::trim).sorted().collect(Collectors.joining(", "));
    }
}
