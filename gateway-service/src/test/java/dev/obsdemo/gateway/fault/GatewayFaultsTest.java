package dev.obsdemo.gateway.fault;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.InMemorySpans;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The heavy route faults on the gateway, whose endpoints are reactive: the filter runs on the event loop, and
 * the work must move to a worker thread (a span attribute {@code thread.name} says where it ran) while staying a
 * child of the SERVER span.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class GatewayFaultsTest extends GatewayTestBase {

    @Inject
    HttpServer server;

    @Inject
    InMemorySpans spans;

    private String admin(String fault) {
        return "http://localhost:" + server.getManagementPort() + "/q/faults/" + fault;
    }

    @BeforeEach
    void catalog() {
        wireMock.stubFor(get(urlEqualTo("/products")).willReturn(okJson("""
                [{"sku":"BOOK-001","name":"A book","unitPriceCents":1500}]""")));
    }

    @AfterEach
    void allOff() {
        given().delete(admin("cpu-heavy")).then().statusCode(204);
        given().delete(admin("allocation-heavy")).then().statusCode(204);
    }

    private List<SpanData> traceOf(Response response) {
        String traceId = response.header("X-Trace-Id");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(InMemorySpans.serverSpan()));
        return spans.ofTrace(traceId);
    }

    @Test
    void heavyWorkOnAReactiveRouteRunsOnAWorkerInsideTheServerSpan() {
        Response before = given().get("/api/products");
        before.then().statusCode(200);
        assertThat(InMemorySpans.find(traceOf(before), s -> s.getName().endsWith("work (injected fault)")))
                .isEmpty();

        given().put(admin("cpu-heavy") + "?ms=150&route=/api/products").then().statusCode(200);
        given().put(admin("allocation-heavy") + "?mb=16&route=/api/products")
                .then()
                .statusCode(200);
        Response heavy = given().get("/api/products");
        heavy.then().statusCode(200);
        List<SpanData> trace = traceOf(heavy);
        SpanData serverSpan =
                InMemorySpans.find(trace, InMemorySpans.serverSpan()).orElseThrow();
        for (String name : List.of("cpu-heavy work (injected fault)", "allocation-heavy work (injected fault)")) {
            SpanData work = InMemorySpans.find(trace, s -> s.getName().equals(name))
                    .orElseThrow(() -> new AssertionError("no span " + name + " in " + trace));
            assertThat(work.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
            assertThat(InMemorySpans.attribute(work, "thread.name")).doesNotContain("eventloop");
        }
        SpanData cpu = InMemorySpans.find(trace, s -> s.getName().startsWith("cpu-heavy"))
                .orElseThrow();
        assertThat(cpu.getEndEpochNanos() - cpu.getStartEpochNanos()).isGreaterThanOrEqualTo(150_000_000L);
        assertThat(InMemorySpans.attribute(serverSpan, "app.fault")).isIn("cpu-heavy", "allocation-heavy");
    }
}
