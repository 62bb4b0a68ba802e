package dev.obsdemo.system.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.system.observability.GrafanaDashboards.Dashboard;
import dev.obsdemo.system.observability.GrafanaDashboards.PanelQuery;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards and their provisioning, checked as files: no Grafana and no running stack needed.
 * Whether each query returns data is for a test against the live Prometheus ({@link GrafanaDashboards#queries()}).
 */
class GrafanaDashboardsTest {

    private static final List<String> SERVICES = List.of("gateway-service", "user-service", "order-service");
    private static final Set<String> EXPECTED_UIDS = Set.of(
            "obsdemo-overview",
            "obsdemo-gateway-service",
            "obsdemo-user-service",
            "obsdemo-order-service",
            "obsdemo-slo");
    private static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "gauge", "table", "text", "row");
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern RANGE_SELECTOR = Pattern.compile("\\[([^\\]]*)]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GrafanaDashboards grafana;

    @BeforeAll
    static void load() {
        grafana = GrafanaDashboards.load();
    }

    @Test
    void theFiveDashboardsExistWithUidTitleSchemaVersionAndPanels() {
        assertThat(grafana.dashboards()).extracting(Dashboard::uid).containsExactlyInAnyOrderElementsOf(EXPECTED_UIDS);
        for (Dashboard dashboard : grafana.dashboards()) {
            JsonNode json = dashboard.json();
            assertThat(dashboard.uid()).as("uid of %s", dashboard.file()).matches(UID);
            assertThat(dashboard.title()).as("title of %s", dashboard.file()).isNotBlank();
            assertThat(json.path("schemaVersion").isInt())
                    .as("schemaVersion of %s", dashboard.file())
                    .isTrue();
            assertThat(json.path("panels").isArray() && !json.path("panels").isEmpty())
                    .as("panels of %s", dashboard.file())
                    .isTrue();
        }
    }

    @Test
    void uidsAndTitlesAreUniqueAcrossDashboards() {
        assertThat(grafana.dashboards())
                .extracting(Dashboard::uid)
                .as("dashboard uids")
                .doesNotHaveDuplicates();
        assertThat(grafana.dashboards())
                .extracting(Dashboard::title)
                .as("dashboard titles")
                .doesNotHaveDuplicates();
    }

    @Test
    void panelIdsAndTitlesAreUniqueWithinADashboard() {
        for (Dashboard dashboard : grafana.dashboards()) {
            assertThat(dashboard.panels())
                    .extracting(panel -> panel.path("id").asInt(-1))
                    .as("panel ids of %s", dashboard.uid())
                    .doesNotContain(-1)
                    .doesNotHaveDuplicates();
            assertThat(dashboard.panels())
                    .extracting(panel -> panel.path("title").asText())
                    .as("panel titles of %s", dashboard.uid())
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void panelsFitTheGridAndDoNotOverlap() {
        for (Dashboard dashboard : grafana.dashboards()) {
            List<JsonNode> panels = dashboard.panels();
            for (JsonNode panel : panels) {
                JsonNode grid = panel.path("gridPos");
                String where = where(dashboard, panel);
                assertThat(List.of("x", "y", "w", "h"))
                        .as("gridPos of %s", where)
                        .allMatch(key -> grid.path(key).isInt());
                assertThat(grid.path("w").asInt()).as("width of %s", where).isPositive();
                assertThat(grid.path("h").asInt()).as("height of %s", where).isPositive();
                assertThat(grid.path("x").asInt()).as("x of %s", where).isNotNegative();
                assertThat(grid.path("y").asInt()).as("y of %s", where).isNotNegative();
                assertThat(grid.path("x").asInt() + grid.path("w").asInt())
                        .as("x + w of %s", where)
                        .isLessThanOrEqualTo(24);
            }
            for (int i = 0; i < panels.size(); i++) {
                for (int j = i + 1; j < panels.size(); j++) {
                    assertThat(overlap(
                                    panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
                            .as(
                                    "%s overlaps panel \"%s\"",
                                    where(dashboard, panels.get(i)),
                                    panels.get(j).path("title").asText())
                            .isFalse();
                }
            }
        }
    }

    @Test
    void panelTypesAreSupportedAndQueryPanelsExplainThemselves() {
        for (Dashboard dashboard : grafana.dashboards()) {
            for (JsonNode panel : dashboard.panels()) {
                assertThat(panel.path("type").asText())
                        .as("type of %s", where(dashboard, panel))
                        .isIn(PANEL_TYPES);
                if (panel.has("targets")) {
                    assertThat(panel.path("description").asText())
                            .as("description of %s", where(dashboard, panel))
                            .isNotBlank();
                }
            }
        }
    }

    @Test
    void everyDatasourceReferenceIsAProvisionedDatasourceOfTheSameType() {
        Map<String, String> provisioned = grafana.provisionedDatasources();
        for (Dashboard dashboard : grafana.dashboards()) {
            List<Map.Entry<String, JsonNode>> references = new ArrayList<>();
            if (dashboard.json().has("datasource")) {
                references.add(Map.entry(dashboard.uid(), dashboard.json().get("datasource")));
            }
            for (JsonNode annotation : dashboard.json().path("annotations").path("list")) {
                references.add(Map.entry(
                        dashboard.uid() + ", annotation \""
                                + annotation.path("name").asText() + "\"",
                        annotation.path("datasource")));
            }
            for (JsonNode panel : dashboard.panels()) {
                if (panel.has("targets")) {
                    assertThat(panel.has("datasource"))
                            .as("%s has queries but no datasource", where(dashboard, panel))
                            .isTrue();
                }
                if (panel.has("datasource")) {
                    references.add(Map.entry(where(dashboard, panel), panel.get("datasource")));
                }
                for (JsonNode target : panel.path("targets")) {
                    String refId = target.path("refId").asText();
                    assertThat(target.path("datasource"))
                            .as("datasource of %s, query %s", where(dashboard, panel), refId)
                            .isEqualTo(panel.path("datasource"));
                    references.add(Map.entry(where(dashboard, panel) + ", query " + refId, target.path("datasource")));
                }
            }
            for (Map.Entry<String, JsonNode> reference : references) {
                JsonNode datasource = reference.getValue();
                assertThat(datasource.isObject())
                        .as("datasource of %s is a {type, uid} object: %s", reference.getKey(), datasource)
                        .isTrue();
                String uid = datasource.path("uid").asText();
                assertThat(provisioned)
                        .as("datasource uid of %s", reference.getKey())
                        .containsKey(uid);
                assertThat(datasource.path("type").asText())
                        .as("datasource type of %s", reference.getKey())
                        .isEqualTo(provisioned.get(uid));
            }
        }
    }

    @Test
    void queriesHaveUniqueRefIdsAndAnExpression() {
        for (Dashboard dashboard : grafana.dashboards()) {
            for (JsonNode panel : dashboard.panels()) {
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    String refId = target.path("refId").asText();
                    assertThat(refId).as("refId in %s", where(dashboard, panel)).isNotBlank();
                    assertThat(refIds.add(refId))
                            .as("refId %s twice in %s", refId, where(dashboard, panel))
                            .isTrue();
                    assertThat(target.path("expr").asText())
                            .as("expr of %s, query %s", where(dashboard, panel), refId)
                            .isNotBlank();
                }
            }
        }
    }

    @Test
    void everyMacroHasAFixedValueAndNoOtherVariableIsUsed() {
        assertThat(grafana.queries()).as("panel queries, macros replaced").isNotEmpty();
        assertThat(GrafanaDashboards.substituteMacros("rate(x[$__rate_interval]) + rate(y[${__interval}])", "example"))
                .isEqualTo("rate(x[1m]) + rate(y[15s])");
        assertThatThrownBy(() -> GrafanaDashboards.substituteMacros("up{service=\"$service\"}", "example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example")
                .hasMessageContaining("$service");
        assertThatThrownBy(() -> GrafanaDashboards.substituteMacros("rate(x[$__interval_ms])", "example"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawRatesUseRateIntervalAndRawHistogramPanelsShowExemplars() {
        for (Dashboard dashboard : grafana.dashboards()) {
            for (JsonNode panel : dashboard.panels()) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    String where = where(dashboard, panel) + ", query "
                            + target.path("refId").asText();
                    Matcher range = RANGE_SELECTOR.matcher(expr);
                    while (range.find()) {
                        assertThat(range.group(1))
                                .as("range of %s: %s", where, expr)
                                .isEqualTo("$__rate_interval");
                    }
                    if (expr.contains("_bucket{") && panel.path("type").asText().equals("timeseries")) {
                        assertThat(target.path("exemplar").asBoolean())
                                .as("exemplars of %s, which reads raw buckets", where)
                                .isTrue();
                    }
                    if (target.path("exemplar").asBoolean()) {
                        assertThat(expr)
                                .as("%s fetches exemplars, which only histogram buckets carry", where)
                                .contains("_bucket{");
                    }
                }
            }
        }
    }

    @Test
    void expressionsHaveBalancedBracketsAndQuotes() {
        for (PanelQuery query : grafana.queries()) {
            assertThat(unbalanced(query.expr()))
                    .as(
                            "%s, panel \"%s\", query %s: %s",
                            query.dashboardUid(), query.panelTitle(), query.refId(), query.expr())
                    .isEmpty();
        }
        assertThat(unbalanced("sum(rate(x{a=\"(\"}[1m]))")).isEmpty();
        assertThat(unbalanced("sum(rate(x{a=\"b\"}[1m])")).isPresent();
        assertThat(unbalanced("x{a=\"b}")).isPresent();
        assertThat(unbalanced("sum(x])")).isPresent();
    }

    @Test
    void everyDashboardLinksToAJaegerSearchOfAKnownService() throws IOException {
        for (Dashboard dashboard : grafana.dashboards()) {
            List<JsonNode> searches = new ArrayList<>();
            for (String url : exploreUrls(dashboard)) {
                JsonNode panes = explorePanes(url);
                assertThat(panes.isObject() && !panes.isEmpty())
                        .as("panes of Explore link in %s: %s", dashboard.uid(), url)
                        .isTrue();
                for (JsonNode pane : panes) {
                    String where = "Explore link in " + dashboard.uid() + " (" + pane + ")";
                    assertThat(grafana.provisionedDatasources())
                            .as("datasource of %s", where)
                            .containsKey(pane.path("datasource").asText());
                    if (pane.path("datasource").asText().equals("jaeger")) {
                        assertThat(pane.path("queries").isArray()
                                        && !pane.path("queries").isEmpty())
                                .as("queries of %s", where)
                                .isTrue();
                        for (JsonNode query : pane.path("queries")) {
                            assertThat(query.path("datasource").path("uid").asText())
                                    .as("query datasource of %s", where)
                                    .isEqualTo("jaeger");
                            assertThat(query.path("datasource").path("type").asText())
                                    .as("query datasource type of %s", where)
                                    .isEqualTo("jaeger");
                            assertThat(query.path("queryType").asText())
                                    .as("queryType of %s", where)
                                    .isEqualTo("search");
                            assertThat(query.path("service").asText())
                                    .as("service of %s", where)
                                    .isIn(SERVICES);
                            searches.add(query);
                        }
                    }
                }
            }
            assertThat(searches)
                    .as("Jaeger searches linked from %s", dashboard.uid())
                    .isNotEmpty();
            serviceOf(dashboard)
                    .ifPresent(service -> assertThat(searches)
                            .extracting(query -> query.path("service").asText())
                            .as("services searched from %s", dashboard.uid())
                            .containsOnly(service));
        }
    }

    @Test
    void perServiceDashboardsQueryOnlyTheirOwnService() {
        for (Dashboard dashboard : grafana.dashboards()) {
            serviceOf(dashboard).ifPresent(service -> {
                for (JsonNode panel : dashboard.panels()) {
                    for (JsonNode target : panel.path("targets")) {
                        assertThat(target.path("expr").asText())
                                .as(
                                        "%s, query %s",
                                        where(dashboard, panel),
                                        target.path("refId").asText())
                                .contains("service=\"" + service + "\"");
                    }
                }
            });
        }
    }

    @Test
    void datasourcesLinkExemplarsToJaegerByTraceId() {
        JsonNode provisioning = grafana.datasourceProvisioning();
        assertThat(provisioning.path("apiVersion").asInt())
                .as("apiVersion of %s", grafana.datasourcesFile)
                .isEqualTo(1);
        List<JsonNode> datasources = new ArrayList<>();
        provisioning.path("datasources").forEach(datasources::add);
        assertThat(datasources)
                .extracting(ds -> ds.path("uid").asText())
                .as("uids in %s", grafana.datasourcesFile)
                .doesNotHaveDuplicates()
                .contains("prometheus", "jaeger");
        assertThat(datasources)
                .filteredOn(ds -> ds.path("isDefault").asBoolean())
                .extracting(ds -> ds.path("uid").asText())
                .as("default datasource")
                .containsExactly("prometheus");
        assertThat(datasources)
                .extracting(ds -> ds.path("url").asText())
                .as("urls, set per deployment from the environment")
                .allMatch(url -> url.matches("\\$\\{[A-Z_]+}"));

        Map<String, String> provisioned = grafana.provisionedDatasources();
        assertThat(provisioned).containsEntry("prometheus", "prometheus").containsEntry("jaeger", "jaeger");
        JsonNode prometheus = datasources.stream()
                .filter(ds -> ds.path("uid").asText().equals("prometheus"))
                .findFirst()
                .orElseThrow();
        JsonNode destinations = prometheus.path("jsonData").path("exemplarTraceIdDestinations");
        assertThat(destinations)
                .as("exemplarTraceIdDestinations of the prometheus datasource")
                .anySatisfy(destination -> {
                    assertThat(destination.path("name").asText()).isEqualTo("trace_id");
                    assertThat(destination.path("datasourceUid").asText()).isEqualTo("jaeger");
                });
        destinations.forEach(destination -> assertThat(provisioned)
                .as("exemplar destination %s", destination)
                .containsKey(destination.path("datasourceUid").asText()));
        JsonNode jaeger = datasources.stream()
                .filter(ds -> ds.path("uid").asText().equals("jaeger"))
                .findFirst()
                .orElseThrow();
        JsonNode tracesToMetrics = jaeger.path("jsonData").path("tracesToMetrics");
        if (!tracesToMetrics.isMissingNode()) {
            assertThat(provisioned.get(tracesToMetrics.path("datasourceUid").asText()))
                    .as("tracesToMetrics datasource type")
                    .isEqualTo("prometheus");
        }
    }

    @Test
    void committedDashboardsAreWhatTheGeneratorWrites() throws IOException, InterruptedException {
        PythonRun run = python("observability/grafana/generate-dashboards.py", "--check");
        assertThat(run.finished())
                .as("generate-dashboards.py --check finished within 60 s: %s", run.output())
                .isTrue();
        assertThat(run.exitValue())
                .as("generate-dashboards.py --check; its output:%n%s", run.output())
                .isZero();
    }

    /** The generator's helpers (observability/grafana/dashboards_lib): its rule reader, layout, wording and output. */
    @Test
    void generatorUnitTestsPass() throws IOException, InterruptedException {
        PythonRun run = python(
                "-m", "unittest", "discover", "-s", "observability/grafana/tests", "-t", "observability/grafana");
        assertThat(run.finished())
                .as("the generator's unit tests finished within 60 s: %s", run.output())
                .isTrue();
        assertThat(run.exitValue())
                .as("python3 -m unittest discover -s observability/grafana/tests; its output:%n%s", run.output())
                .isZero();
        assertThat(run.output())
                .as("unittest's summary")
                .containsPattern("Ran [1-9][0-9]* tests")
                .contains("OK");
    }

    /** The outcome of a python3 run from the repository's root: stdout and stderr together. */
    private record PythonRun(boolean finished, int exitValue, String output) {}

    /**
     * Runs python3 with arguments in the repository's root for at most 60 s, without writing bytecode caches into the
     * source tree.
     */
    private static PythonRun python(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(grafana.root.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            // Ended first: reading the output of a process still running would wait for it.
            process.destroyForcibly().waitFor();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new PythonRun(finished, process.exitValue(), output);
    }

    private static String where(Dashboard dashboard, JsonNode panel) {
        return dashboard.uid() + ", panel \"" + panel.path("title").asText() + "\" (id "
                + panel.path("id").asText() + ")";
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }

    /** The service of a per-service dashboard (uid obsdemo-&lt;service&gt;); empty for the others. */
    private static Optional<String> serviceOf(Dashboard dashboard) {
        return SERVICES.stream()
                .filter(service -> dashboard.uid().equals("obsdemo-" + service))
                .findFirst();
    }

    /** The Grafana Explore links of a dashboard: its own links and every panel's. */
    private static List<String> exploreUrls(Dashboard dashboard) {
        List<JsonNode> links = new ArrayList<>();
        dashboard.json().path("links").forEach(links::add);
        dashboard.panels().forEach(panel -> panel.path("links").forEach(links::add));
        return links.stream()
                .map(link -> link.path("url").asText())
                .filter(url -> url.startsWith("/explore?"))
                .toList();
    }

    /** The decoded {@code panes} parameter of an Explore URL (schema version 1): pane ID to pane state. */
    private static JsonNode explorePanes(String url) throws IOException {
        String query = url.substring(url.indexOf('?') + 1);
        assertThat(query.split("&")).as("parameters of %s", url).contains("schemaVersion=1");
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("panes=")) {
                String encoded = parameter.substring("panes=".length());
                assertThat(encoded).as("panes of %s are URL-encoded", url).matches("[A-Za-z0-9%._~-]+");
                return JSON.readTree(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("no panes parameter in " + url);
    }

    /** Why brackets or quotes of a PromQL expression do not pair up, or empty when they do. */
    static Optional<String> unbalanced(String expr) {
        Deque<Character> open = new ArrayDeque<>();
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '[', '{' -> open.push(c);
                case ')', ']', '}' -> {
                    char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (open.isEmpty() || open.pop() != expected) {
                        return Optional.of("unexpected " + c + " at " + i);
                    }
                }
                default -> {}
            }
        }
        if (quote != 0) {
            return Optional.of("unterminated string");
        }
        return open.isEmpty() ? Optional.empty() : Optional.of("unclosed " + open.peek());
    }
}
