package dev.obsdemo.system.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.system.ObservedStack;
import dev.obsdemo.system.StackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every guided scenario of docs/scenarios/, run by its runner ({@code ./demo scenario <name>}, scripts/scenario.py)
 * against the local stack's test instance: the runner does what the page tells a person (its fault commands, its
 * traffic, its PromQL), so a page whose steps or queries drift from the code fails here.
 *
 * <p>For each page: the runner exits 0 (its diagnosis names the culprit the page promises, and the page's alert
 * is pending or firing when it names one); the culprit this test reads from the page's front matter is the one
 * the runner's JSON report names; every PromQL query of the page returns at least one series; the culprit's
 * service logged lines carrying the example trace's ID; the example trace opens in Zipkin (the UI link printed).
 *
 * <p>{@code make test} runs the representative scenarios (one of each kind of diagnosis: slowest, failing,
 * broken); {@code make scenarios} ({@code -Dscenarios=all}) runs every page; {@code -Dscenarios=a,b} runs those.
 */
@ExtendWith(StackExtension.class)
class ScenariosTest {

    private static final ObservedStack stack = new ObservedStack();
    private static final Path PAGES = stack.root.resolve("docs/scenarios");
    private static final Path REPORTS = stack.root.resolve("system-tests/target/scenarios");
    private static final Set<String> REPRESENTATIVE =
            Set.of("slow-user-lookup", "failing-order-service", "broken-propagation");
    private static final String SELECTION = System.getProperty("obsdemo.scenarios", "representative");
    private static final String ZIPKIN = "http://127.0.0.1:9411";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(PAGES)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md") && !n.equals("README.md"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theRunnerNamesThePagesCulprit(String name) throws Exception {
        Assumptions.assumeTrue(selected(name), "only make scenarios (-Dscenarios=all) runs " + name);
        Map<String, String> page = frontMatter(Files.readString(PAGES.resolve(name + ".md")));
        Path report = REPORTS.resolve(name + ".json");
        Files.deleteIfExists(report);

        ProcessBuilder builder = new ProcessBuilder("./demo", "scenario", name, "--report", report.toString())
                .directory(stack.root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(REPORTS.resolve(name + ".txt").toFile());
        builder.environment().put(ObservedStack.INSTANCE, "test");
        Files.createDirectories(REPORTS);
        Process process = builder.start();
        assertThat(process.waitFor(4, TimeUnit.MINUTES))
                .as("the runner finishes")
                .isTrue();
        String printed = Files.readString(REPORTS.resolve(name + ".txt"));
        assertThat(process.exitValue()).as(printed).isZero();

        JsonNode result = JSON.readTree(report.toFile());
        JsonNode diagnosis = result.path("diagnosis");
        assertThat(diagnosis.path("service").asText()).as(printed).isEqualTo(page.get("culprit-service"));
        assertThat(diagnosis.path("operation").asText()).as(printed).isEqualTo(page.get("culprit-operation"));
        assertThat(result.path("matches").asBoolean()).isTrue();
        if (page.containsKey("alert")) {
            assertThat(result.path("alerts").toString()).as(printed).contains(page.get("alert") + " ");
        }
        List<String> queries = promqlBlocks(Files.readString(PAGES.resolve(name + ".md")));
        assertThat(queries).as("the page's PromQL blocks").isNotEmpty();
        for (String query : queries) {
            assertThat(result.path("promql").path(query).size())
                    .as("series of the page's query %s%n%s", query, printed)
                    .isPositive();
        }
        assertThat(diagnosis.path("logLines").asInt())
                .as("log lines of %s with the trace ID", page.get("culprit-service"))
                .isPositive();
        String traceId = diagnosis.path("traceId").asText();
        assertThat(printed).contains(ZIPKIN + "/zipkin/traces/" + traceId);
        HttpResponse<String> zipkin = HTTP.send(
                HttpRequest.newBuilder(URI.create(ZIPKIN + "/api/v2/trace/" + traceId))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(zipkin.statusCode())
                .as("Zipkin has the trace the runner links to")
                .isEqualTo(200);
    }

    /** -Dscenarios: "representative" (the default), "all", or the names of pages, separated by commas. */
    private static boolean selected(String name) {
        return switch (SELECTION) {
            case "all" -> true;
            case "representative" -> REPRESENTATIVE.contains(name);
            default -> List.of(SELECTION.split(",")).contains(name);
        };
    }

    /** The key: value lines between the page's opening {@code ---} lines. */
    static Map<String, String> frontMatter(String markdown) {
        Matcher m = Pattern.compile("\\A---\\n(.*?)\\n---\\n", Pattern.DOTALL).matcher(markdown);
        assertThat(m.find()).as("front matter").isTrue();
        return m.group(1)
                .lines()
                .map(line -> line.split(":", 2))
                .collect(java.util.stream.Collectors.toMap(kv -> kv[0].trim(), kv -> kv[1].trim()));
    }

    /** Every {@code ```promql} block of a page, its lines joined by a space (as the runner sends them). */
    static List<String> promqlBlocks(String markdown) {
        Matcher m = Pattern.compile("```promql\\n(.*?)\\n```", Pattern.DOTALL).matcher(markdown);
        return m.results()
                .map(r -> String.join(
                        " ", r.group(1).strip().lines().map(String::strip).toList()))
                .toList();
    }
}
