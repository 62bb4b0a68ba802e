package dev.obsdemo.system.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Prometheus rule files of observability/prometheus/rules and their unit tests (tests/*.test.yml), read
 * as YAML trees, for the checks promtool cannot make: that every alert is labelled, annotated, routed, has a
 * runbook and is tested both ways.
 */
final class AlertRules {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROOT =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    static final Path PROMETHEUS = ROOT.resolve("observability/prometheus");
    static final Path RULES = PROMETHEUS.resolve("rules");
    static final Path RULE_TESTS = PROMETHEUS.resolve("tests");

    /** One alerting rule as written. */
    record Alert(
            String name, Path file, String forDuration, Map<String, String> labels, Map<String, String> annotations) {}

    private AlertRules() {}

    static List<Path> ruleFiles() {
        return yamlFiles(RULES);
    }

    static List<Path> testFiles() {
        return yamlFiles(RULE_TESTS);
    }

    static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : read(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        alerts.add(new Alert(
                                rule.path("alert").asText(),
                                file,
                                rule.path("for").asText(null),
                                strings(rule.path("labels")),
                                strings(rule.path("annotations"))));
                    }
                }
            }
        }
        return alerts;
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields()
                .forEachRemaining(
                        field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }
}
