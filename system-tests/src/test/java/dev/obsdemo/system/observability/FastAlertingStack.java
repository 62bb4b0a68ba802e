package dev.obsdemo.system.observability;

import static dev.obsdemo.system.observability.AlertRules.PROMETHEUS;
import static dev.obsdemo.system.observability.AlertRules.ROOT;
import static dev.obsdemo.system.observability.AlertRules.YAML;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second Prometheus and Alertmanager beside the local stack's, loading the project's own configuration with
 * the timings shortened, so an alert that waits minutes in production reaches the alert sink in seconds:
 * scrapes and rule evaluations every second, every alert's `for` cut to {@link #FOR}, Alertmanager's
 * group_wait and group_interval to a second. Expressions, thresholds, labels, annotations, routes,
 * inhibitions and receivers are the files' own. Notifications go where the local stack's go: the alert sink
 * on 127.0.0.1:9095; they carry this Alertmanager's URL ({@link #alertmanagerUrl()}) to tell them apart.
 */
final class FastAlertingStack implements AutoCloseable {

    static final String FOR = "10s";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path dir;
    private final int prometheusPort = freePort();
    private final int alertmanagerPort = freePort();
    private final List<Process> processes = new ArrayList<>();

    FastAlertingStack(Path dir) {
        this.dir = dir;
    }

    String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanagerPort;
    }

    FastAlertingStack start() throws IOException {
        Path alertmanagerConfig = alertmanagerConfig(dir.resolve("alertmanager"));
        Path prometheusConfig = writePrometheusConfig();
        launch(
                "alertmanager",
                "prometheus-alertmanager",
                "--config.file=" + alertmanagerConfig,
                "--storage.path=" + dir.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--web.external-url=" + alertmanagerUrl(),
                "--cluster.listen-address=");
        launch(
                "prometheus",
                "prometheus",
                "--config.file=" + prometheusConfig,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--rules.alert.resend-delay=1s");
        awaitReady(alertmanagerUrl() + "/-/ready");
        awaitReady(prometheusUrl() + "/-/ready");
        return this;
    }

    /**
     * Writes the local stack's Alertmanager configuration (scripts/alertmanager-config.sh) to the folder, with
     * every route's group_wait and group_interval cut to 1 s; returns the file.
     */
    static Path alertmanagerConfig(Path configDir) throws IOException {
        Command.Result written = Command.run(ROOT, "scripts/alertmanager-config.sh", configDir.toString());
        if (!written.succeeded()) {
            throw new IllegalStateException(written.describe());
        }
        Path file = configDir.resolve("alertmanager.yml");
        ObjectNode config = (ObjectNode) YAML.readTree(file.toFile());
        ObjectNode route = (ObjectNode) config.path("route");
        shortenWaits(route);
        route.path("routes").forEach(child -> shortenWaits((ObjectNode) child));
        YAML.writeValue(file.toFile(), config);
        return file;
    }

    private static void shortenWaits(ObjectNode route) {
        route.put("group_wait", "1s");
        route.put("group_interval", "1s");
    }

    /** observability/prometheus with its local targets, every interval 1 s, every `for` {@link #FOR}, alerts to this Alertmanager. */
    private Path writePrometheusConfig() throws IOException {
        Path configDir = dir.resolve("prometheus");
        PrometheusRulesTest.copyFolder(PROMETHEUS.resolve("targets"), configDir.resolve("targets"));
        Files.writeString(
                configDir.resolve("targets/alertmanager.yml"),
                "- targets: [\"127.0.0.1:" + alertmanagerPort + "\"]\n  labels: { service: alertmanager }\n");
        Files.writeString(
                configDir.resolve("targets/prometheus.yml"),
                "- targets: [\"127.0.0.1:" + prometheusPort + "\"]\n  labels: { service: prometheus }\n");

        Files.createDirectories(configDir.resolve("rules"));
        for (Path ruleFile : AlertRules.ruleFiles()) {
            JsonNode rules = YAML.readTree(ruleFile.toFile());
            for (JsonNode group : rules.path("groups")) {
                ((ObjectNode) group).remove("interval");
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        ((ObjectNode) rule).put("for", FOR);
                    }
                }
            }
            YAML.writeValue(
                    configDir.resolve("rules").resolve(ruleFile.getFileName()).toFile(), rules);
        }

        ObjectNode config =
                (ObjectNode) YAML.readTree(PROMETHEUS.resolve("prometheus.yml").toFile());
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", "1s").put("scrape_timeout", "1s").put("evaluation_interval", "1s");
        Path file = configDir.resolve("prometheus.yml");
        YAML.writeValue(file.toFile(), config);
        return file;
    }

    private void launch(String name, String... command) throws IOException {
        File log = dir.resolve(name + ".log").toFile();
        processes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start());
    }

    private void awaitReady(String url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(process.info().command().orElse("?") + " exited; logs in " + dir);
                }
            }
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(URI.create(url))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(url + " not ready after 30 s; logs in " + dir);
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
