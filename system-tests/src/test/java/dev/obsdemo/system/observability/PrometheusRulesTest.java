package dev.obsdemo.system.observability;

import static dev.obsdemo.system.observability.AlertRules.PROMETHEUS;
import static dev.obsdemo.system.observability.AlertRules.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * observability/prometheus against the real promtool (Debian's prometheus package): the configuration of
 * every environment, the rule files and their unit tests; and what promtool cannot see: every alert
 * labelled, annotated and unit-tested both firing and silent, the same services in every environment.
 */
class PrometheusRulesTest {

    private static final Set<String> SERVICES = Set.of("gateway-service", "user-service", "order-service");

    /** prometheus.yml and its rules as a deployment mounts them, with one environment's targets as targets/. */
    private static Path assemble(Path dir, String targetsFolder) throws IOException {
        Files.copy(PROMETHEUS.resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
        copyFolder(PROMETHEUS.resolve("rules"), dir.resolve("rules"));
        copyFolder(PROMETHEUS.resolve(targetsFolder), dir.resolve("targets"));
        return dir;
    }

    static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    @ParameterizedTest(name = "promtool check config with {0}/")
    @ValueSource(strings = {"targets", "targets-compose", "targets-kind"})
    void theConfigurationIsValidInEveryEnvironment(String targetsFolder, @TempDir Path dir) throws IOException {
        Command.Result check =
                Command.run(assemble(dir, targetsFolder), "promtool", "check", "config", "prometheus.yml");

        assertThat(check.succeeded()).as(check.describe()).isTrue();
        assertThat(check.output()).contains("SUCCESS: prometheus.yml is valid").contains("SUCCESS: 3 rule files found");
    }

    @Test
    void promtoolRejectsARuleThatDoesNotParse(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, """
                groups:
                  - name: broken
                    rules:
                      - record: service:http_server_requests:rate5m
                        expr: sum by (service (rate(http_server_requests_seconds_count[5m]))
                """);

        Command.Result check = Command.run(dir, "promtool", "check", "rules", broken.toString());

        assertThat(check.exitCode()).as(check.describe()).isNotZero();
        assertThat(check.output()).contains("parse error");
    }

    @Test
    void everyEnvironmentScrapesTheSameJobsAndServices() {
        Set<String> expectedFiles = fileNames(PROMETHEUS.resolve("targets"));
        for (String folder : List.of("targets", "targets-compose", "targets-kind")) {
            Path targets = PROMETHEUS.resolve(folder);
            assertThat(fileNames(targets)).as(folder).isEqualTo(expectedFiles);
            Set<String> services = new HashSet<>();
            for (JsonNode group : AlertRules.read(targets.resolve("services.yml"))) {
                assertThat(group.path("targets")).as(folder + "/services.yml").hasSize(1);
                assertThat(group.path("targets").get(0).asText()).as(folder).matches("[A-Za-z0-9.-]+:900[0-2]");
                services.add(group.path("labels").path("service").asText());
            }
            assertThat(services).as(folder + "/services.yml").isEqualTo(SERVICES);
        }
    }

    @Test
    void theRuleFilesAreValid() {
        List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
        AlertRules.ruleFiles().forEach(f -> command.add(f.toString()));

        Command.Result check = Command.run(ROOT, command.toArray(String[]::new));

        assertThat(check.succeeded()).as(check.describe()).isTrue();
        assertThat(check.output()).doesNotContain("FAILED");
    }

    /** Every unit test of tests/*.test.yml: the alerts fire on bad series and stay silent on healthy ones. */
    @Test
    void theRuleUnitTestsPass() {
        List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
        AlertRules.testFiles().forEach(f -> command.add(f.toString()));

        Command.Result test = Command.run(ROOT, command.toArray(String[]::new));

        assertThat(test.succeeded()).as(test.describe()).isTrue();
        assertThat(test.output().split("SUCCESS", -1))
                .as(test.describe())
                .hasSize(AlertRules.testFiles().size() + 1);
    }

    @Test
    void everyAlertHasASeverityToRouteOnAndAnnotationsThatSayWhatAndWhere() {
        List<AlertRules.Alert> alerts = AlertRules.alerts();
        assertThat(alerts)
                .extracting(AlertRules.Alert::name)
                .doesNotHaveDuplicates()
                .contains(
                        "ServiceDown",
                        "HighErrorRate",
                        "HighLatency",
                        "ReadinessFailing",
                        "CircuitBreakerOpen",
                        "ErrorBudgetBurnFast",
                        "ErrorBudgetBurnSlow");
        for (AlertRules.Alert alert : alerts) {
            assertThat(alert.labels().get("severity")).as(alert.name()).isIn("page", "ticket");
            assertThat(alert.annotations()).as(alert.name()).containsOnlyKeys("summary", "description", "runbook_url");
            assertThat(alert.annotations().get("summary"))
                    .as(alert.name() + " summary names the service")
                    .contains("{{ $labels.service }}");
            assertThat(alert.annotations().get("description"))
                    .as(alert.name() + " description gives the value")
                    .contains("$value");
            assertThat(alert.forDuration())
                    .as(alert.name() + " waits before it fires")
                    .isNotBlank();
        }
    }

    /**
     * Each alert appears in some alert_rule_test with an expected firing alert, and in one where it must stay
     * silent (exp_alerts empty): a rule that could never fire, or that always fires, fails one of the two.
     */
    @Test
    void everyAlertIsUnitTestedFiringAndSilent() {
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (Path file : AlertRules.testFiles()) {
            for (JsonNode test : AlertRules.read(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String name = check.path("alertname").asText();
                    if (check.path("exp_alerts").isEmpty()) {
                        silent.add(name);
                    } else {
                        check.path("exp_alerts")
                                .forEach(expected -> assertThat(expected.path("exp_labels")
                                                .path("alertname")
                                                .asText())
                                        .as(file + ": " + name)
                                        .isEqualTo(name));
                        firing.add(name);
                    }
                }
            }
        }
        Set<String> alerts = new TreeSet<>(
                AlertRules.alerts().stream().map(AlertRules.Alert::name).toList());
        assertThat(firing).as("alerts with a test that shows them firing").containsAll(alerts);
        assertThat(silent).as("alerts with a test that shows them silent").containsAll(alerts);
    }

    private static Set<String> fileNames(Path folder) {
        Set<String> names = new TreeSet<>();
        AlertRules.yamlFiles(folder).forEach(f -> names.add(f.getFileName().toString()));
        return names;
    }
}
