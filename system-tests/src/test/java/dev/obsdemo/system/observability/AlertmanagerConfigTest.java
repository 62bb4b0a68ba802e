package dev.obsdemo.system.observability;

import static dev.obsdemo.system.observability.AlertRules.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * observability/alertmanager against the real amtool (Debian's prometheus-alertmanager package): the
 * deployments' file and the local stack's (written by scripts/alertmanager-config.sh) both load, every alert
 * of the Prometheus rules reaches the receiver its severity names, and no secret is in the file.
 */
class AlertmanagerConfigTest {

    static final Path ALERTMANAGER = ROOT.resolve("observability/alertmanager");

    @TempDir
    static Path localConfigDir;

    static Path localConfig;

    @BeforeAll
    static void writeTheLocalConfiguration() {
        Command.Result written = Command.run(ROOT, "scripts/alertmanager-config.sh", localConfigDir.toString());
        assertThat(written.succeeded()).as(written.describe()).isTrue();
        localConfig = localConfigDir.resolve("alertmanager.yml");
    }

    private static Path config(String which) {
        return which.equals("local") ? localConfig : ALERTMANAGER.resolve("alertmanager.yml");
    }

    @ParameterizedTest(name = "amtool check-config: {0}")
    @ValueSource(strings = {"deployments", "local"})
    void theConfigurationLoads(String which) {
        Command.Result check =
                Command.run(ROOT, "amtool", "check-config", config(which).toString());

        assertThat(check.succeeded()).as(check.describe()).isTrue();
        assertThat(check.output())
                .contains("SUCCESS")
                .contains("2 inhibit rules")
                .contains("2 receivers")
                .contains("1 templates");
    }

    @Test
    void amtoolRejectsARouteToAReceiverThatDoesNotExist(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("alertmanager.yml");
        java.nio.file.Files.writeString(broken, """
                route:
                  receiver: page
                receivers:
                  - name: ticket
                """);

        Command.Result check = Command.run(dir, "amtool", "check-config", broken.toString());

        assertThat(check.exitCode()).as(check.describe()).isNotZero();
        assertThat(check.output()).contains("undefined receiver \"page\"");
    }

    /** One routing test per alert of the rules: its labels as Prometheus sends them reach its severity's receiver. */
    @ParameterizedTest(name = "every alert reaches the receiver of its severity: {0}")
    @ValueSource(strings = {"deployments", "local"})
    void everyAlertIsRoutedByItsSeverity(String which) {
        List<AlertRules.Alert> alerts = AlertRules.alerts();
        assertThat(alerts).isNotEmpty();
        for (AlertRules.Alert alert : alerts) {
            String severity = alert.labels().get("severity");
            Command.Result route = routesTest(
                    config(which),
                    severity,
                    "alertname=" + alert.name(),
                    "severity=" + severity,
                    "service=order-service");
            assertThat(route.succeeded())
                    .as(alert.name() + ": " + route.describe())
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "an alert without a known severity still reaches someone: {0}")
    @ValueSource(strings = {"deployments", "local"})
    void anAlertWithoutSeverityFallsBackToTickets(String which) {
        Command.Result route = routesTest(config(which), "ticket", "alertname=SomethingNew", "service=user-service");
        assertThat(route.succeeded()).as(route.describe()).isTrue();

        Command.Result misrouted = routesTest(config(which), "page", "alertname=SomethingNew", "service=user-service");
        assertThat(misrouted.exitCode())
                .as("the check fails when the receiver differs: " + misrouted.describe())
                .isNotZero();
    }

    @Test
    void theLocalStackKeepsTheRoutingAndReplacesOnlyTheReceivers() {
        JsonNode deployed = AlertRules.read(config("deployments"));
        JsonNode local = AlertRules.read(config("local"));

        assertThat(local.path("route")).isEqualTo(deployed.path("route"));
        assertThat(local.path("inhibit_rules")).isEqualTo(deployed.path("inhibit_rules"));
        assertThat(receiverNames(local)).isEqualTo(receiverNames(deployed)).containsExactly("page", "ticket");
        local.path("receivers").forEach(receiver -> {
            assertThat(receiver.path("webhook_configs").get(0).path("url").asText())
                    .isEqualTo("http://127.0.0.1:9095/alerts");
            assertThat(receiver.path("webhook_configs")
                            .get(0)
                            .path("send_resolved")
                            .asBoolean())
                    .isTrue();
        });
    }

    /** Secrets are read from files mounted at deploy time: none is written into the configuration. */
    @Test
    void noSecretIsCommitted() {
        JsonNode deployed = AlertRules.read(config("deployments"));
        List<String> inline = new ArrayList<>();
        collectFields(deployed, "", inline);
        assertThat(inline)
                .as("secret fields written inline")
                .noneMatch(f -> f.matches(
                        ".*\\.(api_url|routing_key|service_key|auth_password|smtp_auth_password|slack_api_url)"));
        assertThat(inline)
                .as("secret fields read from files")
                .contains(
                        "global.smtp_auth_password_file",
                        "receivers.page.pagerduty_configs.routing_key_file",
                        "receivers.page.slack_configs.api_url_file",
                        "receivers.ticket.slack_configs.api_url_file");
    }

    private static Command.Result routesTest(Path config, String expectedReceiver, String... labels) {
        List<String> command = new ArrayList<>(List.of(
                "amtool",
                "config",
                "routes",
                "test",
                "--config.file=" + config,
                "--verify.receivers=" + expectedReceiver));
        command.addAll(List.of(labels));
        return Command.run(ROOT, command.toArray(String[]::new));
    }

    private static Set<String> receiverNames(JsonNode config) {
        Set<String> names = new TreeSet<>();
        config.path("receivers").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    /** Dotted paths of every field, with receivers named by their name: receivers.page.slack_configs.api_url_file. */
    private static void collectFields(JsonNode node, String path, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                into.add(child);
                collectFields(field.getValue(), child, into);
            });
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectFields(
                        element,
                        element.has("name") && path.equals("receivers")
                                ? path + "." + element.path("name").asText()
                                : path,
                        into);
            }
        }
    }
}
