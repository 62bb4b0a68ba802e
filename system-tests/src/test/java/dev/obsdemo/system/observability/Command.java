package dev.obsdemo.system.observability;

import dev.obsdemo.system.ObservedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (promtool, amtool, a script of this repository) and keeps what it printed. */
public final class Command {

    /** How a command ended: its exit code and its standard output and error, interleaved. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** For assertion messages: the command line, its exit code and its whole output. */
        public String describe() {
            return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
        }
    }

    private Command() {}

    public static Result run(Path workingDirectory, String... command) {
        return run(workingDirectory, Duration.ofMinutes(5), command);
    }

    public static Result run(Path workingDirectory, Duration timeout, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true);
            // The repository's scripts (fault.sh) act on the local stack's test instance, never on the demo.
            builder.environment().put(ObservedStack.INSTANCE, "test");
            Process process = builder.start();
            // Read while it runs: a full pipe would block the process.
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            return new Result(List.of(command), process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
