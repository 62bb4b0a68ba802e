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
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Grafana dashboards of observability/grafana/dashboards and the data sources Grafana provisions for them
 * (observability/grafana/provisioning/datasources/datasources.yml), read as JSON trees.
 *
 * <p>{@link #queries()} lists every panel query with Grafana's macros replaced by fixed values, so a test can
 * send each one to Prometheus as it is.
 */
final class GrafanaDashboards {

    /** Grafana's interval macros and the fixed value each stands for outside Grafana. */
    static final Map<String, String> MACROS = Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "1h");

    /** A Grafana variable in any of its spellings: {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^]]*)?]]");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One dashboard file and its content. */
    record Dashboard(Path file, JsonNode json) {

        String uid() {
            return json.path("uid").asText();
        }

        String title() {
            return json.path("title").asText();
        }

        /** Every panel, including those nested in a collapsed row. */
        List<JsonNode> panels() {
            List<JsonNode> panels = new ArrayList<>();
            for (JsonNode panel : json.path("panels")) {
                panels.add(panel);
                panel.path("panels").forEach(panels::add);
            }
            return panels;
        }
    }

    /** One query of one panel, with Grafana's macros replaced (see {@link #MACROS}). */
    record PanelQuery(String dashboardUid, String panelTitle, String refId, String expr) {}

    final Path root;
    final Path dashboardsDirectory;
    final Path datasourcesFile;
    private final List<Dashboard> dashboards;
    private final JsonNode datasourceProvisioning;

    private GrafanaDashboards(Path root) {
        this.root = root;
        this.dashboardsDirectory = root.resolve("observability/grafana/dashboards");
        this.datasourcesFile = root.resolve("observability/grafana/provisioning/datasources/datasources.yml");
        this.dashboards = readDashboards(dashboardsDirectory);
        this.datasourceProvisioning = read(YAML, datasourcesFile);
    }

    /** The repository's dashboards; the root is the system property obsdemo.root (surefire sets it), else "..". */
    static GrafanaDashboards load() {
        return new GrafanaDashboards(Path.of(System.getProperty("obsdemo.root", ".."))
                .toAbsolutePath()
                .normalize());
    }

    List<Dashboard> dashboards() {
        return dashboards;
    }

    /** datasources.yml as Grafana reads it, before it expands environment variables. */
    JsonNode datasourceProvisioning() {
        return datasourceProvisioning;
    }

    /** The provisioned data sources: uid to type. */
    Map<String, String> provisionedDatasources() {
        Map<String, String> types = new LinkedHashMap<>();
        datasourceProvisioning
                .path("datasources")
                .forEach(
                        ds -> types.put(ds.path("uid").asText(), ds.path("type").asText()));
        return types;
    }

    /** Every query of every panel, macros replaced; fails on any other Grafana variable, which has no fixed value. */
    List<PanelQuery> queries() {
        List<PanelQuery> queries = new ArrayList<>();
        for (Dashboard dashboard : dashboards) {
            for (JsonNode panel : dashboard.panels()) {
                String title = panel.path("title").asText();
                for (JsonNode target : panel.path("targets")) {
                    String refId = target.path("refId").asText();
                    String where = dashboard.uid() + ", panel \"" + title + "\", query " + refId;
                    queries.add(new PanelQuery(
                            dashboard.uid(),
                            title,
                            refId,
                            substituteMacros(target.path("expr").asText(), where)));
                }
            }
        }
        return queries;
    }

    /** The expression with each macro of {@link #MACROS} replaced; {@code where} names it in the error for any other variable. */
    static String substituteMacros(String expr, String where) {
        Matcher variable = VARIABLE.matcher(expr);
        StringBuilder result = new StringBuilder();
        while (variable.find()) {
            String name = Stream.of(variable.group(1), variable.group(2), variable.group(3))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElseThrow();
            String value = MACROS.get(name);
            if (value == null) {
                throw new IllegalArgumentException(where + ": Grafana variable \"" + variable.group()
                        + "\" has no fixed value (known: " + MACROS.keySet() + ") in: " + expr);
            }
            variable.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        variable.appendTail(result);
        return result.toString();
    }

    private static List<Dashboard> readDashboards(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .map(file -> new Dashboard(file, read(JSON, file)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
