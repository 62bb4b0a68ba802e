package dev.obsdemo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tests' instance of the local stack keeps away from a person's {@code make demo}: it will not start beside
 * it, and stopping its own components never signals the demo's. A stand-in process ({@code sleep}) plays the
 * demo's alert sink, recorded in the demo's pid file as scripts/stack.sh records it (pid and start time).
 */
class StackInstancesTest {

    private static final String COMPONENT = "alert-sink";

    private final ObservedStack stack = new ObservedStack();
    private final Path demoPidFile = stack.root.resolve(".run/" + COMPONENT + ".pid");
    private Process demo;

    @BeforeEach
    void aDemoComponentRuns() throws IOException {
        assertThat(demoPidFile)
                .as("this test needs the demo stopped (make stop)")
                .doesNotExist();
        demo = new ProcessBuilder("sleep", "300").start();
        Files.createDirectories(demoPidFile.getParent());
        Files.writeString(demoPidFile, demo.pid() + " " + startTime(demo.pid()) + "\n");
    }

    @AfterEach
    void theDemoComponentStops() throws IOException {
        Files.deleteIfExists(demoPidFile);
        demo.destroyForcibly();
    }

    @Test
    void theTestInstanceRefusesToStartBesideTheDemo() throws Exception {
        Result up = stackScript("up");

        assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
        assertThat(up.output()).contains("make demo is running (" + COMPONENT + ")", "make stop");
        assertThat(demo.isAlive()).isTrue();
    }

    @Test
    void stoppingTheTestInstancesComponentLeavesTheDemosAlone() throws Exception {
        boolean testInstanceRanIt = Files.exists(stack.runDir.resolve(COMPONENT + ".pid"));

        Result stop = stackScript("stop", COMPONENT);

        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(demo.isAlive()).as("the demo's " + COMPONENT).isTrue();
        if (testInstanceRanIt) {
            // Give the shared stack of the end-to-end classes its alert sink back (up starts only what is missing).
            theDemoComponentStops();
            stack.up();
        }
    }

    private record Result(int exitCode, String output) {}

    private Result stackScript(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(
                List.of(stack.root.resolve("scripts/stack.sh").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(stack.root.toFile()).redirectErrorStream(true);
        builder.environment().put(ObservedStack.INSTANCE, "test");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** Field 22 of /proc/PID/stat, as scripts/stack.sh reads it. */
    private static String startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[19];
    }
}
