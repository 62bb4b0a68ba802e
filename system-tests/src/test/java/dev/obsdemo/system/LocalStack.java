package dev.obsdemo.system;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services as real processes from their packaged jars, on free loopback ports, against the local
 * PostgreSQL and Redis (test databases, Redis database 2). Each service logs to
 * {@code system-tests/target/stack/<service>.log}.
 */
final class LocalStack implements AutoCloseable {

    /** One running service. */
    record Service(String name, int httpPort, int managementPort, Process process, Path log) {
        String url() {
            return "http://127.0.0.1:" + httpPort;
        }

        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** Set to false, lets the prod profile start with a development password (DevPasswordGuard). */
    static final String DEV_PASSWORDS_ALLOWED = "OBSDEMO_SECURITY_REFUSE_DEV_PASSWORDS";

    private final Path root =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    private final Path logDir = root.resolve("system-tests/target/stack");
    private final Map<String, Service> services = new HashMap<>();
    private final List<Service> startOrder = new ArrayList<>();

    Service users;
    Service orders;
    Service gateway;

    LocalStack start() {
        try {
            Files.createDirectories(logDir);
            // The test databases have the development passwords, which the prod profile refuses (DevPasswordGuard).
            users = launch(
                    "user-service",
                    Map.of("DB_NAME", "users_test", "DB_PASSWORD", "users", DEV_PASSWORDS_ALLOWED, "false"));
            orders = launch(
                    "order-service",
                    Map.of(
                            "DB_NAME",
                            "orders_test",
                            "DB_PASSWORD",
                            "orders",
                            "USER_SERVICE_URL",
                            users.url(),
                            DEV_PASSWORDS_ALLOWED,
                            "false"));
            gateway = launch(
                    "gateway-service", Map.of("USER_SERVICE_URL", users.url(), "ORDER_SERVICE_URL", orders.url()));
            for (Service service : startOrder) {
                awaitReady(service);
            }
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Service launch(String name, Map<String, String> env) throws IOException {
        Path jar = root.resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        int httpPort = freePort();
        int managementPort = freePort();
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        environment.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        environment.put("REDIS_HOST", System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"));
        environment.put(
                "QUARKUS_REDIS_HOSTS",
                "redis://" + environment.get("REDIS_HOST") + ":"
                        + System.getenv().getOrDefault("REDIS_PORT", "6379") + "/2");
        environment.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        environment.putAll(env);
        Service service = new Service(name, httpPort, managementPort, builder.start(), log);
        services.put(name, service);
        startOrder.add(service);
        return service;
    }

    private static void awaitReady(Service service) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(
                        service.name() + " exited with " + service.process().exitValue() + "; log: " + service.log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(
                service.name() + " not ready after " + READY_TIMEOUT.toSeconds() + " s; log: " + service.log());
    }

    @Override
    public void close() {
        for (Service service : startOrder) {
            service.process().destroy();
        }
        for (Service service : startOrder) {
            try {
                if (!service.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    service.process().destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
