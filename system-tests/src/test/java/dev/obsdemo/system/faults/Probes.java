package dev.obsdemo.system.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches what an orchestrator would while a fault lasts: the readiness and liveness probes of the three
 * services every {@link #PROBE_INTERVAL_MS} (as Kubernetes probes them: 200 is UP, any other status DOWN, and
 * no answer UNREACHABLE) and their circuit breakers ({@link Breakers}) every {@link #BREAKER_INTERVAL_MS},
 * until {@link #stop()}. Each answer's time is kept: Kubernetes counts a probe slower than its
 * {@code timeoutSeconds} (1 s by default, as deploy/kind leaves it) as failed.
 */
final class Probes implements AutoCloseable {

    static final long PROBE_INTERVAL_MS = 250;
    static final long BREAKER_INTERVAL_MS = 1_000;
    /**
     * How long a probe may take before it counts as unanswered: twice Kubernetes' default timeout, so that a
     * probe a little over 1 s is measured (and reported), and one that hangs is a breach.
     */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** A service of the stack and its management port. */
    enum Service {
        GATEWAY("gateway-service", 9000),
        USERS("user-service", 9001),
        ORDERS("order-service", 9002);

        final String processName;
        final int managementPort;

        Service(String processName, int managementPort) {
            this.processName = processName;
            this.managementPort = managementPort;
        }

        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }
    }

    /** What a probe answered. */
    enum State {
        UP,
        DOWN,
        UNREACHABLE
    }

    /** One probe answer: when it was asked (ms since the epoch), what it said, and how long it took (ms). */
    record Sample(long at, State state, long millis) {}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT)
            .build();
    private final Map<Service, Queue<Sample>> readiness = new EnumMap<>(Service.class);
    private final Map<Service, Queue<Sample>> liveness = new EnumMap<>(Service.class);
    private final Queue<Breakers.Snapshot> breakers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread prober;
    private final Thread breakerReader;

    /** Starts watching at once. */
    Probes() {
        for (Service service : Service.values()) {
            readiness.put(service, new ConcurrentLinkedQueue<>());
            liveness.put(service, new ConcurrentLinkedQueue<>());
        }
        prober = new Thread(this::probeLoop, "faults-probes");
        breakerReader = new Thread(this::breakerLoop, "faults-breakers");
        prober.setDaemon(true);
        breakerReader.setDaemon(true);
        prober.start();
        breakerReader.start();
    }

    private void probeLoop() {
        while (running.get()) {
            for (Service service : Service.values()) {
                readiness.get(service).add(sample(service, "ready"));
                liveness.get(service).add(sample(service, "live"));
            }
            sleep(PROBE_INTERVAL_MS);
        }
    }

    private void breakerLoop() {
        while (running.get()) {
            breakers.add(Breakers.read());
            sleep(BREAKER_INTERVAL_MS);
        }
    }

    private Sample sample(Service service, String kind) {
        long at = System.currentTimeMillis();
        long start = System.nanoTime();
        State state = probe(service, kind);
        return new Sample(at, state, (System.nanoTime() - start) / 1_000_000);
    }

    /** One probe of {@code /q/health/<kind>}. */
    State probe(Service service, String kind) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health/" + kind))
                .timeout(PROBE_TIMEOUT)
                .build();
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? State.UP : State.DOWN;
        } catch (IOException e) {
            return State.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return State.UNREACHABLE;
        }
    }

    /** True when every service's readiness probe answers UP now. */
    boolean allReady() {
        for (Service service : Service.values()) {
            if (probe(service, "ready") != State.UP) {
                return false;
            }
        }
        return true;
    }

    List<Sample> readiness(Service service) {
        return new ArrayList<>(readiness.get(service));
    }

    List<Sample> liveness(Service service) {
        return new ArrayList<>(liveness.get(service));
    }

    List<Breakers.Snapshot> breakers() {
        return new ArrayList<>(breakers);
    }

    /** Stops watching; the samples stay readable. */
    void stop() throws InterruptedException {
        running.set(false);
        prober.join(5_000);
        breakerReader.join(10_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
