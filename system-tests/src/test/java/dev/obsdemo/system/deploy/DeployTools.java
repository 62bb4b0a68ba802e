package dev.obsdemo.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools the deploy checks run, as scripts/install-deploy-tools.sh installs them into .tools/ (make test
 * runs it first), and what the tests share: running one, and writing a deliberately broken copy of a file.
 */
final class DeployTools {

    static final Path ROOT =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    static final Path TOOLS = ROOT.resolve(".tools");
    static final Path DEPLOY_CHECK = TOOLS.resolve("bin/deploy-check");
    static final Path JAEGER = TOOLS.resolve("bin/jaeger");
    static final Path KUBERNETES_VALIDATE = TOOLS.resolve("deploy-venv/bin/kubernetes-validate");
    static final Path HADOLINT = TOOLS.resolve("deploy-venv/bin/hadolint");
    static final Path DCLINT = TOOLS.resolve("deploy-npm/node_modules/.bin/dclint");

    static final Path COMPOSE_DIR = ROOT.resolve("deploy/compose");
    static final Path COMPOSE_FILE = COMPOSE_DIR.resolve("compose.yaml");
    static final Path KIND_DIR = ROOT.resolve("deploy/kind");
    static final Path KIND_CLUSTER = KIND_DIR.resolve("cluster.yaml");

    private DeployTools() {}

    /** How a tool ended: its exit code and its standard output and error, interleaved. */
    record Result(List<String> command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
        }
    }

    static Result run(String... command) {
        Path tool = Path.of(command[0]);
        assertThat(Files.isExecutable(tool))
                .as("%s is not installed: run scripts/install-deploy-tools.sh (make test does)", tool)
                .isTrue();
        try {
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
            }
            return new Result(List.of(command), process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes source to target with the first occurrence of find replaced. Fails when find is not there: a
     * broken-input test whose breakage did not happen would pass for the wrong reason.
     */
    static Path breakCopy(Path source, Path target, String find, String replacement) {
        try {
            String text = Files.readString(source);
            assertThat(text).as("the text to break in %s", source).contains(find);
            Files.createDirectories(target.getParent());
            Files.writeString(target, text.replaceFirst(Pattern.quote(find), Matcher.quoteReplacement(replacement)));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kubernetes version of kind's node image in deploy/kind/cluster.yaml (kindest/node:v1.37.0@sha256:... gives 1.37.0). */
    static String kubernetesVersion() {
        try {
            Matcher image =
                    Pattern.compile("kindest/node:v(\\d+\\.\\d+\\.\\d+)@").matcher(Files.readString(KIND_CLUSTER));
            assertThat(image.find())
                    .as("a kindest/node:vX.Y.Z@sha256 image in %s", KIND_CLUSTER)
                    .isTrue();
            return image.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
