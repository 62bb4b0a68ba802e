package dev.obsdemo.system.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs one {@link Fault} under the steady load and measures it: {@link #BASELINE_MS} of load, the fault for its
 * hold, the heal (always), then until the system has recovered (every readiness probe UP, every breaker
 * closed, every route answering 2xx) or the fault's recovery bound ran out, and {@link #STEADY_MS} more. Then
 * every order without a final answer is retried by key ({@link OrderLedger}) and the database checked, and
 * every rule is judged ({@link EpisodeJudge}).
 */
final class EpisodeRunner {

    static final long BASELINE_MS = 3_000;
    static final long STEADY_MS = 2_000;
    static final long RECOVERY_POLL_MS = 500;

    private final Fixture fixture;
    private final Supplier<Map<Probes.Service, Long>> pids;
    private final Path outputDir;
    private final GatewayClient gateway = new GatewayClient();

    /**
     * @param pids the services' process IDs now (to prove that recovery needed no restart)
     * @param outputDir where each episode's requests are written ({@link ReliabilityReport#writeOutcomes})
     */
    EpisodeRunner(Fixture fixture, Supplier<Map<Probes.Service, Long>> pids, Path outputDir) {
        this.fixture = fixture;
        this.pids = pids;
        this.outputDir = outputDir;
    }

    /** Runs the episode; returns its result first, then one per class of hostile input it sent. */
    List<EpisodeResult> run(Fault fault) throws Exception {
        OrderLedger ledger = new OrderLedger("key-" + fixture.runId() + "-" + fault.id() + "-");
        Breakers.Snapshot before = Breakers.read();
        Map<Probes.Service, Long> pidsBefore = pids.get();
        List<Outcome> outcomes = new ArrayList<>();
        EpisodeJudge.Timeline timeline;
        Probes probes = new Probes();
        try {
            LoadDriver load = new LoadDriver(fixture, fault.id(), ledger);
            try {
                Thread.sleep(BASELINE_MS);
                long injectedAt = System.currentTimeMillis();
                long healedAt;
                try {
                    fault.inject().run();
                    if (fault.hostile() != null) {
                        fault.hostile().send(gateway, fixture.runId() + "-" + fault.id() + "-");
                    }
                    Thread.sleep(Math.max(0, injectedAt + fault.holdMs() - System.currentTimeMillis()));
                } finally {
                    healedAt = System.currentTimeMillis();
                    fault.heal().run();
                }
                long recoveredAt = awaitRecovery(probes, ledger, outcomes, healedAt + fault.recoveryBoundMs(), fault);
                timeline = new EpisodeJudge.Timeline(injectedAt, healedAt, recoveredAt);
                Thread.sleep(STEADY_MS);
            } finally {
                outcomes.addAll(load.stop());
            }
        } finally {
            probes.stop();
        }
        Set<String> failedDuringFault = ledger.reconcile(gateway);
        OrderLedger.Verdict orders = ledger.verify(failedDuringFault);
        Breakers.Snapshot after = Breakers.read();
        List<Outcome> written = new ArrayList<>(outcomes);
        written.addAll(ledger.retriesByKey());
        if (fault.hostile() != null) {
            written.addAll(fault.hostile().outcomes());
        }
        ReliabilityReport.writeOutcomes(outputDir, fault.id(), timeline.injectedAt(), written);
        EpisodeJudge judge = new EpisodeJudge(fault, timeline, probes, before, after, pidsBefore, pids.get());
        List<EpisodeResult> results = new ArrayList<>();
        results.add(judge.episode(outcomes, ledger, orders));
        if (fault.hostile() != null) {
            results.addAll(judge.hostileClasses(fault.hostile()));
        }
        return results;
    }

    /**
     * Polls until every readiness probe is UP, every breaker is closed and one request of every route answers
     * 2xx (a new user and a new order included, so that the breakers of writes close too), or {@code deadline}.
     *
     * @return when that happened, ms since the epoch, or -1
     */
    private long awaitRecovery(Probes probes, OrderLedger ledger, List<Outcome> outcomes, long deadline, Fault fault)
            throws InterruptedException {
        long n = 0;
        while (System.currentTimeMillis() < deadline) {
            if (probes.allReady()) {
                // Every route, also while a breaker is still open: a half-open breaker closes on calls, and a
                // route the load does not send (creating a user) gets them only from here.
                List<Outcome> round = checkEveryRoute(ledger, fault.id() + "-recovery-" + n++);
                outcomes.addAll(round);
                if (round.stream().allMatch(Outcome::succeeded)
                        && Breakers.read().allClosed()) {
                    return System.currentTimeMillis();
                }
            }
            Thread.sleep(RECOVERY_POLL_MS);
        }
        return -1;
    }

    private List<Outcome> checkEveryRoute(OrderLedger ledger, String requestId) {
        List<Outcome> round = new ArrayList<>();
        Map<String, String> headers = Map.of("X-Request-ID", fixture.runId() + "-" + requestId);
        long user = fixture.user(0);
        Map<Route, String> reads = new LinkedHashMap<>();
        reads.put(Route.GET_USER, "/api/users/" + user);
        reads.put(Route.GET_ORDER, "/api/orders/" + fixture.order(0));
        reads.put(Route.USER_ORDERS, "/api/users/" + user + "/orders");
        reads.put(Route.SUMMARY, "/api/users/" + user + "/summary");
        reads.put(Route.PRODUCTS, "/api/products");
        reads.forEach((route, path) -> round.add(gateway.send(route, "GET " + path, "GET", path, null, headers)));
        round.add(gateway.send(
                Route.CREATE_USER,
                "POST /api/users",
                "POST",
                "/api/users",
                "{\"name\":\"Recovery\",\"email\":\"" + fixture.runId() + "-" + requestId + "@example.com\"}",
                headers));
        OrderLedger.Attempt order = ledger.newAttempt(user, 1, requestId);
        round.add(ledger.send(gateway, order, fixture.runId() + "-" + requestId + "-order"));
        return round;
    }
}
