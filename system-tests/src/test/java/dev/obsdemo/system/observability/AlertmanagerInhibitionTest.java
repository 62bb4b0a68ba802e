package dev.obsdemo.system.observability;

import static dev.obsdemo.system.observability.AlertRules.YAML;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing, grouping and inhibition of observability/alertmanager/alertmanager.yml in a real Alertmanager:
 * alerts posted to its API as Prometheus would post them, notifications caught by a webhook. The local
 * configuration with its group waits cut to a second (FastAlertingStack) and its webhooks pointed at the test.
 */
class AlertmanagerInhibitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private HttpServer webhook;
    private Process alertmanager;

    @AfterEach
    void stop() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor();
            }
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void aServiceDownSilencesItsOwnSymptomsAndAFastBurnItsSlowTicket(@TempDir Path dir) throws Exception {
        String url = start(dir);
        post(
                url,
                List.of(
                        alert("ServiceDown", "order-service", "page"),
                        alert("HighErrorRate", "order-service", "page"),
                        alert("HighLatency", "order-service", "page"),
                        alert(
                                "ReadinessFailing",
                                "order-service",
                                "ticket",
                                "check",
                                "Database connections health check"),
                        alert("HighErrorRate", "user-service", "page"),
                        alert("ReadinessFailing", "user-service", "ticket", "check", "Redis connection health check"),
                        alert("ErrorBudgetBurnFast", "gateway-service", "page", "slo", "gateway-availability"),
                        alert("ErrorBudgetBurnSlow", "gateway-service", "ticket", "slo", "gateway-availability"),
                        alert("ErrorBudgetBurnSlow", "gateway-service", "ticket", "slo", "gateway-orders-latency")));

        Set<String> expected = Set.of(
                "page ServiceDown order-service",
                "page HighErrorRate user-service", // another service: not inhibited
                "ticket ReadinessFailing user-service",
                "page ErrorBudgetBurnFast gateway-service gateway-availability",
                "ticket ErrorBudgetBurnSlow gateway-service gateway-orders-latency"); // no fast burn of this SLO
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered().containsAll(expected));
        Thread.sleep(3_000); // three more group intervals: nothing inhibited may follow
        assertThat(delivered()).isEqualTo(expected);

        // One notification per alert name and service, labelled so.
        for (JsonNode notification : notifications) {
            assertThat(fieldNames(notification.path("groupLabels"))).containsExactlyInAnyOrder("alertname", "service");
        }
        // Alertmanager itself says why the others stay quiet.
        Map<String, String> inhibited = new java.util.TreeMap<>();
        for (JsonNode alert : JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body())) {
            if (!alert.path("status").path("inhibitedBy").isEmpty()) {
                inhibited.put(
                        describe(alert.path("labels")),
                        alert.path("status").path("state").asText());
            }
        }
        assertThat(inhibited)
                .containsOnlyKeys(
                        "HighErrorRate order-service",
                        "HighLatency order-service",
                        "ReadinessFailing order-service",
                        "ErrorBudgetBurnSlow gateway-service gateway-availability");
        assertThat(inhibited).allSatisfy((alert, state) -> assertThat(state).isEqualTo("suppressed"));
    }

    /** Starts the webhook and an Alertmanager with the local configuration pointed at it; returns its URL. */
    private String start(Path dir) throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/alerts", exchange -> {
            notifications.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();

        Path file = FastAlertingStack.alertmanagerConfig(dir.resolve("config"));
        ObjectNode config = (ObjectNode) YAML.readTree(file.toFile());
        config.path("receivers")
                .forEach(receiver -> receiver.path("webhook_configs")
                        .forEach(webhookConfig -> ((ObjectNode) webhookConfig)
                                .put(
                                        "url",
                                        "http://127.0.0.1:"
                                                + webhook.getAddress().getPort() + "/alerts")));
        YAML.writeValue(file.toFile(), config);

        int port = FastAlertingStack.freePort();
        String url = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(
                        "prometheus-alertmanager",
                        "--config.file=" + file,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> HTTP.send(
                                        HttpRequest.newBuilder(URI.create(url + "/-/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        return url;
    }

    private static ObjectNode alert(String alertname, String service, String severity, String... moreLabels) {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode labels = alert.putObject("labels")
                .put("alertname", alertname)
                .put("service", service)
                .put("severity", severity);
        for (int i = 0; i < moreLabels.length; i += 2) {
            labels.put(moreLabels[i], moreLabels[i + 1]);
        }
        alert.putObject("annotations").put("summary", alertname + " on " + service);
        return alert;
    }

    private static void post(String url, List<ObjectNode> alerts) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(alerts)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** "receiver alertname service [slo]" for every alert notified so far. */
    private Set<String> delivered() {
        Set<String> delivered = new TreeSet<>();
        for (JsonNode notification : notifications) {
            notification
                    .path("alerts")
                    .forEach(a ->
                            delivered.add(notification.path("receiver").asText() + " " + describe(a.path("labels"))));
        }
        return delivered;
    }

    private static String describe(JsonNode labels) {
        String slo = labels.path("slo").asText();
        return labels.path("alertname").asText() + " " + labels.path("service").asText()
                + (slo.isEmpty() ? "" : " " + slo);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
