package dev.obsdemo.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * {@code system-tests/target/stack/<run>/<service>.log}, one folder per run name, so that the tests that start
 * stacks of their own ({@code FullStackTest}, the shutdown and fuzz tests) keep each other's logs.
 *
 * <p>{@link #start()} starts the three wired together; {@link #launch(String, Map)} starts one service with the
 * environment a test chooses (e.g. its downstream pointed at a stub). {@link #close()} stops every process it
 * started with SIGTERM, as a container runtime does, and waits for the services' shutdown grace period.
 */
public final class LocalStack implements AutoCloseable {

    /** One running service: its ports on 127.0.0.1, its process and its log (console output, JSON lines). */
    public record Service(String name, int httpPort, int managementPort, Process process, Path log) {
        /** The application port's base URL, e.g. {@code http://127.0.0.1:41234}. */
        public String url() {
            return "http://127.0.0.1:" + httpPort;
        }

        /** The management port's base URL (health, metrics, OpenAPI). */
        public String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        /** The lines of its log written at level ERROR (the services log JSON, one object per line). */
        public List<String> errorLines() {
            List<String> errors = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith("{")
                            && "ERROR".equals(JSON.readTree(line).path("level").asText())) {
                        errors.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + log, e);
            }
            return errors;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Set to false, lets the prod profile start with a development password (DevPasswordGuard). */
    static final String DEV_PASSWORDS_ALLOWED = "OBSDEMO_SECURITY_REFUSE_DEV_PASSWORDS";

    /**
     * The test databases of the services that have one. They have the development passwords, which the prod
     * profile refuses (DevPasswordGuard), so the guard is switched off for them.
     */
    public static final Map<String, String> USERS_DATABASE =
            Map.of("DB_NAME", "users_test", "DB_PASSWORD", "users", DEV_PASSWORDS_ALLOWED, "false");
    /** See {@link #USERS_DATABASE}. */
    public static final Map<String, String> ORDERS_DATABASE =
            Map.of("DB_NAME", "orders_test", "DB_PASSWORD", "orders", DEV_PASSWORDS_ALLOWED, "false");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /**
     * How long {@link #close()} waits after SIGTERM before it kills: longer than a service's shutdown delay and
     * timeout together ({@code quarkus.shutdown.*} in service-commons), so a normal stop is never cut short.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(25);

    private final Path root =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    private final Path logDir;
    private final Map<String, Map<String, String>> extraEnvironment = new HashMap<>();
    private final List<Service> startOrder = new ArrayList<>();

    Service users;
    Service orders;
    Service gateway;

    /** A stack whose logs go to {@code system-tests/target/stack/full-stack/}. */
    public LocalStack() {
        this("full-stack");
    }

    /** A stack whose logs go to {@code system-tests/target/stack/<run>/}. */
    public LocalStack(String run) {
        this.logDir = root.resolve("system-tests/target/stack").resolve(run);
    }

    /**
     * Adds an environment variable to one service of {@link #start()}, over the stack's own (e.g. the gateway's
     * {@code RATE_LIMIT_REQUESTS}). Call before {@link #start()}.
     */
    public LocalStack with(String service, String variable, String value) {
        extraEnvironment.computeIfAbsent(service, name -> new HashMap<>()).put(variable, value);
        return this;
    }

    /** Starts user-service, order-service and the gateway wired together and waits until each is ready. */
    public LocalStack start() {
        try {
            users = spawn("user-service", USERS_DATABASE);
            Map<String, String> ordersEnv = new HashMap<>(ORDERS_DATABASE);
            ordersEnv.put("USER_SERVICE_URL", users.url());
            orders = spawn("order-service", ordersEnv);
            gateway = spawn(
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

    /** The gateway of {@link #start()}. */
    public Service gateway() {
        return gateway;
    }

    /** user-service of {@link #start()}. */
    public Service users() {
        return users;
    }

    /** order-service of {@link #start()}. */
    public Service orders() {
        return orders;
    }

    /**
     * Starts one service from its packaged jar with this environment on top of the stack's (ports, Redis
     * database 2, no trace export) and waits until it is ready.
     *
     * @param name the module, e.g. {@code order-service}
     * @param env e.g. {@link #ORDERS_DATABASE} and {@code USER_SERVICE_URL}
     * @throws IllegalStateException when the jar is missing, or the service exits or is not ready in 90 s
     */
    public Service launch(String name, Map<String, String> env) {
        try {
            Service service = spawn(name, env);
            awaitReady(service);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Service spawn(String name, Map<String, String> env) throws IOException {
        Path jar = root.resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        Files.createDirectories(logDir);
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
        environment.putAll(extraEnvironment.getOrDefault(name, Map.of()));
        Service service = new Service(name, httpPort, managementPort, builder.start(), log);
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

    /** Stops every service this stack started: SIGTERM to all, then up to 25 s each before it kills. */
    @Override
    public void close() {
        for (Service service : startOrder) {
            service.process().destroy();
        }
        for (Service service : startOrder) {
            try {
                if (!service.process().waitFor(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
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
