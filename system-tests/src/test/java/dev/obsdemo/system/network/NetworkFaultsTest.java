package dev.obsdemo.system.network;

import static dev.obsdemo.system.ObservedStack.GATEWAY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.obsdemo.system.ObservedStack;
import dev.obsdemo.system.StackExtension;
import dev.obsdemo.system.Traces;
import dev.obsdemo.system.Traces.Span;
import dev.obsdemo.system.observability.Command;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack's network faults, through the command a person types ({@code ./demo net}, which drives the stack's
 * Toxiproxy): latency on the proxy {@code user-service} (order-service → user-service) shows in Jaeger as
 * order-service's CLIENT span to user-service growing by at least the latency while user-service's SERVER span,
 * its child, does not; {@code ./demo net off} takes it away again.
 */
@ExtendWith(StackExtension.class)
class NetworkFaultsTest {

    private static final ObservedStack stack = new ObservedStack();
    private static final long LATENCY_MS = 300;
    /** The gap between the CLIENT span and its SERVER span without a toxic: the hop and the HTTP client. */
    private static final long NORMAL_GAP_MS = 100;

    /** One call from order-service to user-service as Jaeger shows it. */
    record Hop(Span client, Span server) {
        long clientMs() {
            return client.duration() / 1000;
        }

        long serverMs() {
            return server.duration() / 1000;
        }

        long gapMs() {
            return clientMs() - serverMs();
        }

        @Override
        public String toString() {
            return "order-service CLIENT " + clientMs() + " ms, user-service SERVER " + serverMs() + " ms";
        }
    }

    @AfterEach
    void networkOff() throws Exception {
        demo("net", "off");
    }

    /** Runs {@code ./demo ARGS...} from the repository and returns its output; fails when it fails. */
    private static String demo(String... args) {
        Command.Result result = demoCommand(args);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result.output();
    }

    /** Runs {@code ./demo ARGS...}, expecting it to fail, and returns its output. */
    private static String run(String... args) {
        Command.Result result = demoCommand(args);
        assertThat(result.succeeded()).as("should fail: " + result.describe()).isFalse();
        return result.output();
    }

    private static Command.Result demoCommand(String... args) {
        List<String> command =
                new ArrayList<>(List.of(stack.root.resolve("demo").toString()));
        command.addAll(List.of(args));
        return Command.run(stack.root, Duration.ofSeconds(30), command.toArray(String[]::new));
    }

    private static long createUser() {
        return given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Network\",\"email\":\"network-" + UUID.randomUUID() + "@example.com\"}")
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    /** Places an order (order-service asks user-service whether the user exists) and returns that hop. */
    private static Hop orderHop(long userId) {
        Response response = given().baseUri(GATEWAY)
                .contentType(ContentType.JSON)
                .body("{\"userId\":" + userId + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":1}]}")
                .post("/api/orders");
        response.then().statusCode(201);
        String traceId = response.header("X-Trace-Id");
        List<Hop> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    List<Span> spans = Traces.jaeger(traceId);
                    found.clear();
                    for (Span client : spans) {
                        if (client.service().equals("order-service")
                                && client.kind().equals("client")) {
                            spans.stream()
                                    .filter(s -> s.service().equals("user-service")
                                            && s.kind().equals("server")
                                            && client.id().equals(s.parentId()))
                                    .findFirst()
                                    .ifPresent(server -> found.add(new Hop(client, server)));
                        }
                    }
                    return found.size() == 1;
                });
        return found.get(0);
    }

    @Test
    void latencyOnTheUserServiceHopGrowsOrderServicesClientSpanOnlyUntilSwitchedOff() throws Exception {
        assertThat(demo("net", "list")).contains("user-service", "127.0.0.1:18081 -> 127.0.0.1:8081");
        long userId = createUser();
        orderHop(userId); // warm-up: connections, JIT
        Hop normal = orderHop(userId);
        assertThat(normal.gapMs()).as("gap without a toxic: %s", normal).isLessThan(NORMAL_GAP_MS);

        assertThat(demo("net", "user-service", "latency", "ms=" + LATENCY_MS)).contains("latency");
        assertThat(demo("net", "list")).contains("latency downstream latency=" + LATENCY_MS);
        Hop slow = orderHop(userId);
        // The CLIENT span holds the SERVER span plus the network: that part grows by at least the latency. (The
        // spans' own lengths vary by tens of milliseconds from one request to the next on a busy machine, so
        // the comparison is within one call, not with an earlier one.)
        assertThat(slow.gapMs())
                .as(
                        "order-service's CLIENT span less user-service's SERVER span, with %d ms on the hop: %s",
                        LATENCY_MS, slow)
                .isGreaterThanOrEqualTo(LATENCY_MS);
        assertThat(slow.serverMs())
                .as("user-service's SERVER span does not see the network's latency: %s", slow)
                .isLessThan(LATENCY_MS / 2);

        assertThat(demo("net", "user-service", "off")).contains("no toxics");
        Hop restored = orderHop(userId);
        assertThat(restored.gapMs()).as("gap after off: %s", restored).isLessThan(NORMAL_GAP_MS);
        for (String[] hop : List.of(
                new String[] {"without a toxic", normal.toString()},
                new String[] {"latency " + LATENCY_MS + " ms", slow.toString()},
                new String[] {"after off", restored.toString()})) {
            System.out.println("NetworkFaultsTest " + hop[0] + ": " + hop[1]);
        }
    }

    @Test
    void theCommandRefusesWhatItCannotDoAndSaysWhy() throws Exception {
        assertThat(run("net", "no-such-proxy", "latency", "ms=5")).contains("no proxy named 'no-such-proxy'");
        assertThat(run("net", "user-service", "latency")).contains("missing ms=");
        assertThat(run("net", "user-service", "latency", "ms=abc")).contains("ms must be a whole number");
        assertThat(run("net", "user-service", "jam")).contains("unknown toxic 'jam'");
    }
}
