package dev.obsdemo.load;

import java.io.File;
import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the load tests' own test: Jaeger ({@code .tools/bin/jaeger}, in-memory) and the three packaged services
 * as processes on free loopback ports, the services exporting their spans straight to that Jaeger over
 * OTLP/HTTP. Like system-tests' LocalStack, on the local PostgreSQL's test databases (users_test, orders_test),
 * but in Redis database 3 of its own: the gateway's rate-limit counter is per client address, and 127.0.0.1's
 * requests of a load run must not count against another test's gateway in database 2. Logs go to
 * {@code load-tests/target/stack/}.
 */
final class TracedStack implements AutoCloseable {

    /** One started process; {@code builder} starts it again (its output appended to the same log). */
    record Process(String name, java.lang.Process process, Path log, ProcessBuilder builder) {}

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path root =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    private final Path logDir = root.resolve("load-tests/target/stack");
    private final List<Process> started = new ArrayList<>();
    /** The logs of the services started a second time (at most once each). */
    private final List<Path> restarted = new ArrayList<>();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private int jaegerQueryPort;
    private int jaegerOtlpPort;
    /** The URLs that answer 200 once each service is ready, in start order. */
    private final List<String> readyUrls = new ArrayList<>();

    private int gatewayPort;
    private String usersUrl;

    /** Starts Jaeger, then user-service, order-service and the gateway, and waits until each is ready. */
    TracedStack start() throws IOException {
        try {
            Files.createDirectories(logDir);
            startJaeger();
            int usersPort = freePort();
            int ordersPort = freePort();
            gatewayPort = freePort();
            String otlp = "http://127.0.0.1:" + jaegerOtlpPort;
            usersUrl = "http://127.0.0.1:" + usersPort;
            startService("user-service", usersPort, Map.of("DB_NAME", "users_test", "DB_PASSWORD", "users"), otlp);
            startService(
                    "order-service",
                    ordersPort,
                    Map.of(
                            "DB_NAME",
                            "orders_test",
                            "DB_PASSWORD",
                            "orders",
                            "USER_SERVICE_URL",
                            "http://127.0.0.1:" + usersPort),
                    otlp);
            startService(
                    "gateway-service",
                    gatewayPort,
                    Map.of(
                            "USER_SERVICE_URL",
                            "http://127.0.0.1:" + usersPort,
                            "ORDER_SERVICE_URL",
                            "http://127.0.0.1:" + ordersPort),
                    otlp);
            for (String url : readyUrls) {
                awaitReady(url);
            }
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startJaeger() throws IOException {
        Path binary = root.resolve(".tools/bin/jaeger");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: build it with scripts/build-jaeger.sh");
        }
        jaegerQueryPort = freePort();
        jaegerOtlpPort = freePort();
        int grpcQuery = freePort();
        int grpcOtlp = freePort();
        // observability/jaeger/jaeger-local.yaml on free ports; no batching, so a span is queryable at once.
        Path config = logDir.resolve("jaeger.yaml");
        Files.writeString(config, """
                service:
                  extensions: [jaeger_storage, jaeger_query]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [jaeger_storage_exporter]
                  telemetry:
                    logs:
                      level: warn
                    metrics:
                      level: none
                extensions:
                  jaeger_storage:
                    backends:
                      memstore:
                        memory:
                          max_traces: 100000
                  jaeger_query:
                    storage:
                      traces: memstore
                    enable_tracing: false
                    http:
                      endpoint: 127.0.0.1:%d
                    grpc:
                      endpoint: 127.0.0.1:%d
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                      http:
                        endpoint: 127.0.0.1:%d
                exporters:
                  jaeger_storage_exporter:
                    trace_storage: memstore
                """.formatted(jaegerQueryPort, grpcQuery, grpcOtlp, jaegerOtlpPort));
        Path log = logDir.resolve("jaeger.log");
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        started.add(new Process("jaeger", builder.start(), log, builder));
        awaitReady(jaegerUrl() + "/api/services");
    }

    private Process startService(String name, int httpPort, Map<String, String> env, String otlpEndpoint)
            throws IOException {
        Path jar = root.resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        int managementPort = freePort();
        Path log = logDir.resolve(name + "-" + httpPort + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                        "-Xmx192m",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        environment.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        String redisHost = System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1");
        environment.put("REDIS_HOST", redisHost);
        environment.put(
                "QUARKUS_REDIS_HOSTS",
                "redis://" + redisHost + ":" + System.getenv().getOrDefault("REDIS_PORT", "6379") + "/3");
        // The test databases have the development passwords, which the prod profile refuses unless told.
        environment.put("OBSDEMO_SECURITY_REFUSE_DEV_PASSWORDS", "false");
        environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
        environment.put("DEPLOYMENT_ENVIRONMENT", "load-test");
        // The local stack's export delay (profile local): spans reach Jaeger about a second after a request.
        environment.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "1s");
        environment.putAll(env);
        Process process = new Process(name, builder.start(), log, builder);
        started.add(process);
        readyUrls.add("http://127.0.0.1:" + managementPort + "/q/health/ready");
        return process;
    }

    /**
     * Starts a second gateway, wired to this stack's user-service but to an order-service that is not running
     * (a free port nobody listens on), as after order-service stopped; it is stopped with the stack.
     *
     * @return its base URL
     */
    String startGatewayWithoutOrderService() throws IOException {
        int port = freePort();
        startService(
                "gateway-service",
                port,
                Map.of("USER_SERVICE_URL", usersUrl, "ORDER_SERVICE_URL", "http://127.0.0.1:" + freePort()),
                "http://127.0.0.1:" + jaegerOtlpPort);
        awaitReady(readyUrls.get(readyUrls.size() - 1));
        return "http://127.0.0.1:" + port;
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:41234}. */
    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** Jaeger's query API base URL. */
    String jaegerUrl() {
        return "http://127.0.0.1:" + jaegerQueryPort;
    }

    /**
     * A service that exited during start-up is started once more; a second exit fails the test. Why: on a busy
     * shared machine a service's Flyway migration can miss its first database connection, because the pool waits
     * only 0.5 s for one (README "PostgreSQL down"); observed here at a load average of 5 on 2 cores. The
     * services' runtime settings stay as shipped, so the load test measures what runs in production.
     */
    private void restartOrFailOnExit() {
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            if (p.process().isAlive()) {
                continue;
            }
            String exited = p.name() + " exited with " + p.process().exitValue() + "; log: " + p.log();
            if (p.name().equals("jaeger") || restarted.contains(p.log())) {
                throw new IllegalStateException(exited);
            }
            System.out.println("TracedStack: " + exited + "; starting it once more");
            restarted.add(p.log());
            try {
                p.builder()
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(p.log().toFile()));
                started.set(i, new Process(p.name(), p.builder().start(), p.log(), p.builder()));
            } catch (IOException e) {
                throw new IllegalStateException(exited + "; could not start it again", e);
            }
        }
    }

    private void awaitReady(String url) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            restartOrFailOnExit();
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(url + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
    }

    private static void stop(Process p) throws InterruptedException {
        p.process().destroy();
        if (!p.process().waitFor(25, TimeUnit.SECONDS)) {
            p.process().destroyForcibly().waitFor();
        }
    }

    /** Stops every process it started: SIGTERM to all, then up to 25 s each before it kills. */
    @Override
    public void close() {
        started.forEach(p -> p.process().destroy());
        for (Process p : started) {
            try {
                stop(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
