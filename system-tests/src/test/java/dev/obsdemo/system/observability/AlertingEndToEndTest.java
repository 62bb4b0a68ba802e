package dev.obsdemo.system.observability;

import static dev.obsdemo.system.ObservedStack.GATEWAY;
import static dev.obsdemo.system.observability.AlertRules.ROOT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.obsdemo.system.ObservedStack;
import dev.obsdemo.system.StackExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fault on the local stack pages someone: PostgreSQL refuses order-service's database
 * (scripts/fault.sh db-down orders), order-service answers 503s, Prometheus evaluates the project's rules
 * on real scrapes, Alertmanager routes the page by the project's routes, and the notification reaches the
 * local alert sink (scripts/alert-sink.py) naming the service and its runbook. Only the timings are the
 * test's own (FastAlertingStack): alerts wait 10 s instead of minutes.
 */
@ExtendWith(StackExtension.class)
class AlertingEndToEndTest {

    private static final String ALERT_SINK = "http://127.0.0.1:9095/alerts";
    private static final Duration PAGE_DEADLINE = Duration.ofSeconds(90);

    @Test
    void postgresRefusingOrderServicePagesWithTheServiceAndItsRunbook(@TempDir Path dir) throws Exception {
        long orderId = Traffic.createOrder(Traffic.createUser());
        try (FastAlertingStack alerting = new FastAlertingStack(dir).start();
                Traffic.Steady traffic = Traffic.steady(orderId, 4)) {
            // Healthy first: the three services scraped, order-service's traffic recorded, by this Prometheus.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> query(alerting, "count(up{job=\"services\"} == 1)")
                                            .path(0)
                                            .path("value")
                                            .path(1)
                                            .asInt()
                                    == 3
                            && !query(alerting, "service:http_server_requests:rate5m{service=\"order-service\"} > 0")
                                    .isEmpty());
            assertThat(notifications(alerting))
                    .as("no notification before the fault")
                    .isEmpty();

            long faultAt = System.currentTimeMillis();
            fault("db-down");
            try {
                JsonNode page = await().atMost(PAGE_DEADLINE)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> firing(alerting, "page", "HighErrorRate", "order-service"), Optional::isPresent)
                        .orElseThrow();
                double secondsToPage = page.path("receivedAt").asDouble() - faultAt / 1000.0;

                JsonNode alert = alertNamed(page, "HighErrorRate", "order-service");
                assertThat(alert.path("labels").path("severity").asText()).isEqualTo("page");
                assertThat(alert.path("annotations").path("summary").asText()).contains("order-service");
                assertThat(alert.path("annotations").path("description").asText())
                        .containsPattern("\\d+(\\.\\d+)?% of order-service's requests");
                String runbook = alert.path("annotations").path("runbook_url").asText();
                assertThat(runbook).isEqualTo(RunbooksTest.RUNBOOK_BASE + "observability/runbooks/HighErrorRate.md");
                assertThat(ROOT.resolve(runbook.substring(RunbooksTest.RUNBOOK_BASE.length())))
                        .isRegularFile();

                // order-service's readiness check of its database opens a ticket, through the other route.
                JsonNode ticket = await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(250))
                        .until(
                                () -> firing(alerting, "ticket", "ReadinessFailing", "order-service"),
                                Optional::isPresent)
                        .orElseThrow();
                assertThat(alertNamed(ticket, "ReadinessFailing", "order-service")
                                .path("labels")
                                .path("check")
                                .asText())
                        .isEqualTo("Database connections health check");

                System.out.printf(
                        "Fault to page: %.1f s (HighErrorRate for order-service at the alert sink, %d requests sent); "
                                + "notifications: %s%n",
                        secondsToPage, traffic.sent(), summary(notifications(alerting)));
                assertThat(secondsToPage).isLessThan(PAGE_DEADLINE.toSeconds());
            } finally {
                fault("db-up");
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> given().baseUri(GATEWAY)
                            .get("/api/orders/{id}", orderId)
                            .then()
                            .statusCode(200));
        }
    }

    private static void fault(String action) {
        Command.Result result = Command.run(ROOT, "scripts/fault.sh", action, "orders");
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    private static JsonNode query(FastAlertingStack alerting, String promql) throws Exception {
        return ObservedStack.getJson(alerting.prometheusUrl() + "/api/v1/query?query="
                        + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("data")
                .path("result");
    }

    /** What the alert sink received from this test's Alertmanager (the local stack's may send too). */
    private static List<JsonNode> notifications(FastAlertingStack alerting) throws Exception {
        List<JsonNode> ours = new ArrayList<>();
        for (JsonNode notification : ObservedStack.getJson(ALERT_SINK)) {
            if (notification.path("externalURL").asText().equals(alerting.alertmanagerUrl())) {
                ours.add(notification);
            }
        }
        return ours;
    }

    private static Optional<JsonNode> firing(
            FastAlertingStack alerting, String receiver, String alertname, String service) throws Exception {
        return notifications(alerting).stream()
                .filter(n -> n.path("receiver").asText().equals(receiver)
                        && n.path("status").asText().equals("firing"))
                .filter(n -> alertNamed(n, alertname, service) != null)
                .findFirst();
    }

    private static JsonNode alertNamed(JsonNode notification, String alertname, String service) {
        for (JsonNode alert : notification.path("alerts")) {
            if (alert.path("labels").path("alertname").asText().equals(alertname)
                    && alert.path("labels").path("service").asText().equals(service)) {
                return alert;
            }
        }
        return null;
    }

    private static String summary(List<JsonNode> notifications) {
        TreeSet<String> seen = new TreeSet<>();
        for (JsonNode notification : notifications) {
            notification
                    .path("alerts")
                    .forEach(a -> seen.add(notification.path("receiver").asText() + ":"
                            + a.path("labels").path("alertname").asText() + "/"
                            + a.path("labels").path("service").asText()));
        }
        return seen.toString();
    }
}
