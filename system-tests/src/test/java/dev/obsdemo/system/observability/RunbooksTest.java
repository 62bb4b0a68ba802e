package dev.obsdemo.system.observability;

import static dev.obsdemo.system.observability.AlertRules.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every alert's runbook_url points to observability/runbooks/&lt;alertname&gt;.md in this repository, and that file
 * exists and has the sections a person paged at night needs.
 */
class RunbooksTest {

    /** The one base of every runbook_url: whoever forks the repository changes it in the rule files. */
    static final String RUNBOOK_BASE = "https://github.com/obsdemo/observability-demo/blob/main/";

    private static final Path RUNBOOKS = ROOT.resolve("observability/runbooks");

    @Test
    void everyAlertLinksToItsRunbookAndTheFileExists() throws IOException {
        for (AlertRules.Alert alert : AlertRules.alerts()) {
            String url = alert.annotations().get("runbook_url");
            assertThat(url).as(alert.name()).isEqualTo(RUNBOOK_BASE + "observability/runbooks/" + alert.name() + ".md");
            Path file = ROOT.resolve(url.substring(RUNBOOK_BASE.length()));
            assertThat(file).as(alert.name() + " runbook").isRegularFile();
            assertThat(Files.readString(file))
                    .as(file.toString())
                    .contains("# " + alert.name())
                    .containsIgnoringCase("## What it means")
                    .containsIgnoringCase("## Confirm it")
                    .containsIgnoringCase("## Likely causes")
                    .containsIgnoringCase("## Mitigate");
        }
    }

    @Test
    void everyRunbookBelongsToAnAlert() throws IOException {
        Set<String> alerts =
                AlertRules.alerts().stream().map(AlertRules.Alert::name).collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Path> files = Files.list(RUNBOOKS)) {
            Set<String> runbooks = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".md") && !name.equals("README.md"))
                    .map(name -> name.substring(0, name.length() - 3))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(runbooks).as("runbooks in " + RUNBOOKS).isEqualTo(alerts);
        }
    }
}
