package dev.obsdemo.system.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.system.ObservedStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scenario pages as a reader meets them, without a stack: the runner reads every page (front matter, the
 * blocks it runs), the index lists every page, each page names its culprit in its text and runs only its own
 * fault's commands before switching the same ones off. {@link ScenariosTest} runs them.
 */
class ScenarioPagesTest {

    private final Path root = new ObservedStack().root;
    private final Path pages = root.resolve("docs/scenarios");

    @Test
    void theRunnerReadsEveryPageAndTheIndexListsThem() throws Exception {
        List<String> names = ScenariosTest.scenarios().toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(6);

        Process list = new ProcessBuilder("./demo", "scenario", "list")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String printed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(list.exitValue()).as(printed).isZero();
        assertThat(printed.lines().map(l -> l.split("\\s+")[0]).toList()).isEqualTo(names);

        String index = Files.readString(pages.resolve("README.md"));
        for (String name : names) {
            assertThat(index).as("the index links %s", name).contains("(" + name + ".md)");
        }
    }

    @Test
    void everyPageNamesItsCulpritAndSwitchesOffWhatItSwitchesOn() throws IOException {
        for (String name : ScenariosTest.scenarios().toList()) {
            String page = Files.readString(pages.resolve(name + ".md"));
            Map<String, String> meta = ScenariosTest.frontMatter(page);
            String body = page.substring(page.indexOf("\n---\n", 4) + 5);
            assertThat(body).as("%s names its culprit span in its text", name).contains(meta.get("culprit-operation"));
            assertThat(body).as("%s explains the trace UI", name).contains("## In the trace UI", "## In the logs");
            List<String> on = commands(body, "## Switch it on");
            List<String> off = commands(body, "## Switch it off");
            assertThat(on).as(name).isNotEmpty();
            // Each "on" has its "off": ./demo fault X on S ... → ./demo fault X off S; ./demo net P ... → ./demo net P
            // off.
            for (String command : on) {
                String[] w = command.split("\\s+");
                String expected =
                        w[1].equals("fault") ? "./demo fault " + w[2] + " off " + w[4] : "./demo net " + w[2] + " off";
                assertThat(off).as("%s switches off what it switched on", name).contains(expected);
            }
        }
    }

    /** The command lines of the first {@code ```sh} block under a heading. */
    private static List<String> commands(String body, String heading) {
        String after = body.substring(body.indexOf(heading));
        String block = after.substring(after.indexOf("```sh\n") + 6, after.indexOf("\n```", after.indexOf("```sh\n")));
        return block.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
