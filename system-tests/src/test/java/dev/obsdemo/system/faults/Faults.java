package dev.obsdemo.system.faults;

import dev.obsdemo.system.ObservedStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The faults of issue 11's "Faults under load", each with what the README promises while it lasts. Which
 * services a fault makes unready follows from the readiness checks (README, "Probes": a service's own
 * PostgreSQL, and Redis only in order-service); which breakers open follows from who calls the missing piece
 * (README, "Calls between services"). Every fault is short, and healed in a {@code finally}.
 */
final class Faults {

    /** How long a dependency stays away: long enough for every breaker to see its window fail, short for the machine. */
    static final long HOLD_MS = 8_000;
    /** How long a killed service stays dead before its restart, which itself takes 15-30 s here. */
    static final long KILL_HOLD_MS = 5_000;
    /** From healing to recovered, for a dependency that comes back by itself: breaker delay (5 s), pools, probes. */
    static final long RECOVERY_MS = 20_000;
    /** The same for a killed service: its restart (a JVM on a loaded 2-core machine) comes first. */
    static final long RESTART_RECOVERY_MS = 60_000;

    static final String ORDER_TO_USER_PROXY = "order-to-user";
    static final String LATENCY_TOXIC = "latency-2s";
    /** The latency between order-service and user-service, in ms. */
    static final long LATENCY_MS = 2_000;

    private final ObservedStack stack;
    private final Map<String, String> stackEnvironment;
    private final Toxiproxy toxiproxy;
    private volatile boolean routedThroughToxiproxy;

    /**
     * @param stackEnvironment what {@code scripts/stack.sh up} gets to restart a component the way the suite
     *     runs it (order-service through Toxiproxy)
     */
    Faults(ObservedStack stack, Map<String, String> stackEnvironment, Toxiproxy toxiproxy) {
        this.stack = stack;
        this.stackEnvironment = stackEnvironment;
        this.toxiproxy = toxiproxy;
    }

    /** True once order-service was (re)started with its calls to user-service through Toxiproxy. */
    boolean routedThroughToxiproxy() {
        return routedThroughToxiproxy;
    }

    /** Restarts order-service with its calls to user-service through Toxiproxy, unless it runs so already. */
    void routeOrderServiceThroughToxiproxy() {
        if (!routedThroughToxiproxy) {
            stack.stop("order-service");
            restart();
        }
    }

    /** Starts what is not running, order-service (when it is among them) with its calls to user-service through Toxiproxy. */
    private void restart() {
        boolean startsOrderService = !running("order-service");
        stack.up(stackEnvironment);
        if (startsOrderService) {
            routedThroughToxiproxy = true;
        }
    }

    private boolean running(String component) {
        try {
            return ProcessHandle.of(stack.pid(component))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (java.io.IOException | RuntimeException noPidFile) {
            return false;
        }
    }

    /** The restart routes order-service through Toxiproxy (see {@link #restart()}). */
    Fault killOrderService() {
        return new Fault(
                "kill-order-service",
                "order-service SIGKILLed, restarted",
                () -> kill("order-service"),
                this::restart,
                KILL_HOLD_MS,
                true,
                Probes.Service.ORDERS,
                Set.of(Probes.Service.ORDERS),
                Set.of(
                        "gateway-service OrderClient.get",
                        "gateway-service OrderClient.products",
                        "gateway-service OrderClient.create"),
                RESTART_RECOVERY_MS,
                null);
    }

    Fault killUserService() {
        return new Fault(
                "kill-user-service",
                "user-service SIGKILLed, restarted",
                () -> kill("user-service"),
                this::restart,
                KILL_HOLD_MS,
                true,
                Probes.Service.USERS,
                Set.of(Probes.Service.USERS),
                Set.of("gateway-service UserClient.get", "order-service UserDirectory.exists"),
                RESTART_RECOVERY_MS,
                null);
    }

    Fault latencyOrderToUser() {
        return new Fault(
                "latency-order-to-user",
                "2 s latency order-service → user-service (Toxiproxy)",
                () -> toxiproxy.addLatency(ORDER_TO_USER_PROXY, LATENCY_TOXIC, LATENCY_MS),
                () -> toxiproxy.removeToxic(ORDER_TO_USER_PROXY, LATENCY_TOXIC),
                HOLD_MS,
                true,
                null,
                Set.of(),
                Set.of("order-service UserDirectory.exists"),
                RECOVERY_MS,
                null);
    }

    /** PostgreSQL itself stopped (the whole machine's): both databases go, user reads may still come from the cache. */
    Fault postgres() {
        return new Fault(
                "postgres-stop",
                "PostgreSQL stopped, started",
                () -> script("postgres-stop"),
                () -> script("postgres-start"),
                HOLD_MS,
                true,
                null,
                Set.of(Probes.Service.USERS, Probes.Service.ORDERS),
                // The routes the load sends most (2 in 8 each); slow failures thin the rest below a window.
                Set.of("gateway-service OrderClient.get", "gateway-service OrderClient.create"),
                RECOVERY_MS,
                null);
    }

    /** Redis stopped: the README promises no 5xx; only order-service, whose key store needs it, goes unready. */
    Fault redis() {
        return new Fault(
                "redis-stop",
                "Redis stopped, started",
                () -> {
                    redisHome = redisHome();
                    script("redis-stop");
                },
                () -> {
                    script("redis-start");
                    // The machine's Redis may be another checkout's: it must come back owned by whoever started it.
                    String home = redisHome();
                    if (!home.equals(redisHome)) {
                        throw new IllegalStateException(
                                "Redis came back as " + home + ", not as it ran before the fault: " + redisHome);
                    }
                },
                HOLD_MS,
                false,
                null,
                Set.of(Probes.Service.ORDERS),
                Set.of(),
                RECOVERY_MS,
                null);
    }

    /** The collector and Jaeger stopped: requests must not notice, nothing goes unready. */
    Fault tracePipeline() {
        return new Fault(
                "trace-pipeline-stop",
                "trace pipeline (collector, Jaeger) stopped, started",
                () -> stack.stop("otel-collector", "jaeger"),
                this::restart,
                HOLD_MS,
                false,
                null,
                Set.of(),
                Set.of(),
                RECOVERY_MS,
                null);
    }

    /** No fault but hostile input beside the load: every class refused cleanly, the load unaffected. */
    Fault hostileInput() {
        return new Fault(
                "hostile-input",
                "hostile input beside the load (every class below)",
                () -> {},
                () -> {},
                0,
                false,
                null,
                Set.of(),
                Set.of(),
                RECOVERY_MS,
                new HostileInputs());
    }

    /** SIGKILL, as the kernel's OOM killer or a node loss would: no shutdown hook, no draining. */
    private void kill(String service) throws Exception {
        ProcessHandle process = ProcessHandle.of(stack.pid(service))
                .orElseThrow(() -> new IllegalStateException(service + " is not running"));
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
    }

    /** The Redis before {@link #redis()} stopped it: its dir and pid file. */
    private String redisHome;

    /** The running Redis' dir and pid file (CONFIG GET), which say which checkout started it. */
    private static String redisHome() throws Exception {
        StringBuilder home = new StringBuilder();
        for (String setting : List.of("dir", "pidfile")) {
            Process cli = new ProcessBuilder("redis-cli", "CONFIG", "GET", setting)
                    .redirectErrorStream(true)
                    .start();
            String answer = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!cli.waitFor(10, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IllegalStateException("redis-cli CONFIG GET " + setting + " failed: " + answer);
            }
            home.append(answer.strip().replace('\n', '=')).append(' ');
        }
        return home.toString().strip();
    }

    private void script(String command) throws Exception {
        Path root = stack.root;
        Path log = root.resolve("system-tests/target/faults/fault.log");
        java.nio.file.Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(
                        root.resolve("scripts/fault.sh").toString(), command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(ObservedStack.INSTANCE, "test");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("scripts/fault.sh " + command + " failed; see " + log);
        }
    }
}
