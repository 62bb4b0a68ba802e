package dev.obsdemo.load;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For tests: runs {@link ShopSimulation} as {@code gatling:test} does, in a JVM of its own
 * ({@code io.gatling.app.Gatling} on this test classpath), with {@code -Dload.*} parameters, and keeps its
 * exit status and console output.
 *
 * @param exitCode Gatling's exit status: 0 when the run passed its assertions
 * @param output everything the run printed
 * @param resultsFolder the folder given to Gatling ({@code -rf}); the report lands in a folder under it
 */
record GatlingRun(int exitCode, String output, Path resultsFolder) {

    private static final Pattern REPORT = Pattern.compile("open the following file: (?:file://)?(\\S+index\\.html)");

    /**
     * Runs the simulation with these {@code load.*} parameters (names without the prefix).
     *
     * @param resultsFolder where Gatling writes the run's folder (simulation.log, the HTML report)
     * @param timeoutSeconds the run is killed and the test fails after this long
     */
    static GatlingRun of(Map<String, String> parameters, Path resultsFolder, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(resultsFolder);
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx256m",
                // As gatling-maven-plugin starts it: Gatling's log writer reads String internals.
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        parameters.forEach((name, value) -> command.add("-Dload." + name + "=" + value));
        command.addAll(List.of(
                "io.gatling.app.Gatling",
                "-s",
                ShopSimulation.class.getName(),
                "-rf",
                resultsFolder.toAbsolutePath().toString()));
        Path log = resultsFolder.resolve("console-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("Gatling still ran after " + timeoutSeconds + " s; output: " + log);
        }
        return new GatlingRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), resultsFolder);
    }

    /** The HTML report whose path the run printed, if it printed one. */
    Optional<Path> report() {
        Matcher matcher = REPORT.matcher(output);
        return matcher.find() ? Optional.of(Path.of(matcher.group(1))) : Optional.empty();
    }
}
