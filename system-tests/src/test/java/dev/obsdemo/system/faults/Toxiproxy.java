package dev.obsdemo.system.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Toxiproxy server (built from its Go module by scripts/build-toxiproxy.sh into .tools/bin) on loopback
 * ports, driven through its HTTP API (Toxiproxy's README: {@code POST /proxies}, {@code POST
 * /proxies/{proxy}/toxics}, {@code DELETE /proxies/{proxy}/toxics/{toxic}}). Its log is
 * {@code system-tests/target/faults/toxiproxy.log}.
 */
final class Toxiproxy implements AutoCloseable {

    private final int apiPort;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Builds Toxiproxy when needed and starts its server; returns once its API answers. */
    Toxiproxy(Path root) throws IOException, InterruptedException {
        Path log = root.resolve("system-tests/target/faults/toxiproxy.log");
        Files.createDirectories(log.getParent());
        Process build = new ProcessBuilder(
                        root.resolve("scripts/build-toxiproxy.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
            throw new IllegalStateException("scripts/build-toxiproxy.sh failed; see " + log);
        }
        apiPort = freePort();
        process = new ProcessBuilder(
                        root.resolve(".tools/bin/toxiproxy-server").toString(),
                        "-host",
                        "127.0.0.1",
                        "-port",
                        Integer.toString(apiPort))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                if (call("GET", "/version", null) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("toxiproxy-server did not start; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /**
     * A proxy from a free loopback port to {@code upstream} ({@code host:port}).
     *
     * @return the port it listens on
     */
    int proxy(String name, String upstream) throws IOException, InterruptedException {
        int port = freePort();
        String body = "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:" + port + "\",\"upstream\":\"" + upstream
                + "\",\"enabled\":true}";
        expect(201, call("POST", "/proxies", body), "create proxy " + name);
        return port;
    }

    /**
     * Delays every answer through the proxy by {@code latencyMs} (toxic type {@code latency}, direction
     * downstream: from the upstream server to the client).
     */
    void addLatency(String proxy, String toxic, long latencyMs) throws IOException, InterruptedException {
        String body = "{\"name\":\"" + toxic + "\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1.0,"
                + "\"attributes\":{\"latency\":" + latencyMs + ",\"jitter\":0}}";
        expect(200, call("POST", "/proxies/" + proxy + "/toxics", body), "add toxic " + toxic);
    }

    void removeToxic(String proxy, String toxic) throws IOException, InterruptedException {
        expect(204, call("DELETE", "/proxies/" + proxy + "/toxics/" + toxic, null), "remove toxic " + toxic);
    }

    private int call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void expect(int expected, int status, String what) {
        if (status != expected) {
            throw new IllegalStateException("Toxiproxy: " + what + " answered " + status + ", not " + expected);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
