package dev.obsdemo.system.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges one episode against the rules and turns its measurements into {@link EpisodeResult}s: every
 * answer ({@link OutcomeRules}), the probes (the fault's own services' readiness DOWN and back UP, every other
 * readiness and every liveness UP throughout), the breakers (the expected ones opened, all closed again),
 * recovery within the fault's bound without restarting anything the fault did not kill, and the orders
 * ({@link OrderLedger.Verdict}). A breach names an example request by its request ID.
 */
final class EpisodeJudge {

    /**
     * When things happened, ms since the epoch.
     *
     * @param recoveredAt -1 when the system did not recover within the fault's bound
     */
    record Timeline(long injectedAt, long healedAt, long recoveredAt) {}

    /** How many examples of one kind of breach the report shows. */
    private static final int EXAMPLES = 1;

    private final Fault fault;
    private final Timeline timeline;
    private final Probes probes;
    private final Breakers.Snapshot before;
    private final Breakers.Snapshot after;
    private final Map<Probes.Service, Long> pidsBefore;
    private final Map<Probes.Service, Long> pidsAfter;

    EpisodeJudge(
            Fault fault,
            Timeline timeline,
            Probes probes,
            Breakers.Snapshot before,
            Breakers.Snapshot after,
            Map<Probes.Service, Long> pidsBefore,
            Map<Probes.Service, Long> pidsAfter) {
        this.fault = fault;
        this.timeline = timeline;
        this.probes = probes;
        this.before = before;
        this.after = after;
        this.pidsBefore = pidsBefore;
        this.pidsAfter = pidsAfter;
    }

    /** The episode's row: the load, the retries by key, the probes, the breakers, recovery and the orders. */
    EpisodeResult episode(List<Outcome> load, OrderLedger ledger, OrderLedger.Verdict orders) {
        List<Outcome> all = new ArrayList<>(load);
        all.addAll(ledger.retriesByKey());
        List<String> breaches = new ArrayList<>();
        breaches.addAll(grouped(load, o -> OutcomeRules.breaches(o, fault.failuresAllowed())));
        breaches.addAll(grouped(ledger.retriesByKey(), EpisodeJudge::retryBreaches));
        breaches.addAll(probeBreaches());
        Set<String> opened = openedBreakers();
        breaches.addAll(breakerBreaches(opened));
        if (timeline.recoveredAt() < 0) {
            breaches.add("not recovered within " + ReliabilityReport.seconds(fault.recoveryBoundMs())
                    + " of healing (readiness UP, breakers closed, every route 2xx); breakers now " + after.states());
        }
        breaches.addAll(restartBreaches());
        breaches.addAll(orders.breaches());
        Outcome worst =
                all.stream().max(Comparator.comparingLong(Outcome::millis)).orElseThrow();
        return new EpisodeResult(
                fault.name(),
                all.size(),
                all.stream().filter(Outcome::succeeded).count(),
                all.stream().filter(o -> o.status() == 503).count(),
                all.stream().filter(o -> o.status() == 429).count(),
                all.stream().filter(o -> o.isServerError() && o.status() != 503).count(),
                worst.millis(),
                worst.route().template() + ", "
                        + ReliabilityReport.seconds(worst.route().budgetMs()),
                readinessSummary(),
                opened.isEmpty() ? "none" : String.join(", ", opened),
                timeline.recoveredAt() < 0 ? -1 : timeline.recoveredAt() - timeline.healedAt(),
                orders.created201(),
                orders.learnedAfterFailure(),
                orders.lost().size()
                        + orders.duplicates().size()
                        + orders.unknownToClient().size(),
                breaches,
                false);
    }

    /** One row per class of hostile input: its answers' figures and breaches. */
    List<EpisodeResult> hostileClasses(HostileInputs hostile) {
        Map<String, List<Outcome>> byClass = new LinkedHashMap<>();
        hostile.classes().keySet().forEach(name -> byClass.put(name, new ArrayList<>()));
        hostile.outcomes().forEach(o -> byClass.get(o.label()).add(o));
        List<EpisodeResult> results = new ArrayList<>();
        byClass.forEach((name, outcomes) -> {
            Outcome worst = outcomes.stream()
                    .max(Comparator.comparingLong(Outcome::millis))
                    .orElseThrow();
            Set<Integer> statuses =
                    outcomes.stream().map(Outcome::status).collect(Collectors.toCollection(TreeSet::new));
            results.add(new EpisodeResult(
                    "hostile input: " + name + " → " + statuses,
                    outcomes.size(),
                    outcomes.stream().filter(Outcome::succeeded).count(),
                    outcomes.stream().filter(o -> o.status() == 503).count(),
                    outcomes.stream().filter(o -> o.status() == 429).count(),
                    outcomes.stream()
                            .filter(o -> o.isServerError() && o.status() != 503)
                            .count(),
                    worst.millis(),
                    worst.route().template() + ", "
                            + ReliabilityReport.seconds(worst.route().budgetMs()),
                    "",
                    "",
                    0,
                    0,
                    0,
                    0,
                    grouped(outcomes, hostile::breaches),
                    true));
        });
        return results;
    }

    /**
     * A retry by key after the fault: 200 or 201 settle it; 409 (the key still held), 429 and 503 say "later"
     * and must be problems; nothing may be slow or a 500.
     */
    private static List<String> retryBreaches(Outcome o) {
        List<String> breaches = new ArrayList<>(OutcomeRules.timing(o));
        if (o.status() == 409 || o.status() == 429 || o.status() == 503) {
            breaches.addAll(OutcomeRules.problem(o));
        } else if (o.status() != 200 && o.status() != 201) {
            breaches.add("a retry by key answered " + o.status() + ": " + o.detail());
        }
        return breaches;
    }

    /** Breaches of one kind once, with how often and an example (digits ignored when grouping). */
    static List<String> grouped(List<Outcome> outcomes, Function<Outcome, List<String>> rules) {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            for (String breach : rules.apply(o)) {
                String kind = o.route().template() + ": " + breach.replaceAll("\\d+", "N");
                counts.merge(kind, 1, Integer::sum);
                List<String> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
                if (list.size() < EXAMPLES) {
                    list.add(o.label() + " (request " + o.sentRequestId() + ", " + o.millis() + " ms): " + breach);
                }
            }
        }
        List<String> breaches = new ArrayList<>();
        counts.forEach((kind, count) -> breaches.add(count + " x " + String.join("; ", examples.get(kind))));
        return breaches;
    }

    private List<String> probeBreaches() {
        List<String> breaches = new ArrayList<>();
        for (Probes.Service service : Probes.Service.values()) {
            boolean killed = service == fault.killed();
            List<Probes.Sample> ready = probes.readiness(service);
            List<Probes.Sample> live = probes.liveness(service);
            if (!killed) {
                live.stream()
                        .filter(s -> s.state() != Probes.State.UP)
                        .findFirst()
                        .ifPresent(s -> breaches.add(service.processName + " liveness " + s.state() + " at "
                                + relative(s.at()) + ": liveness must stay UP"));
            }
            if (fault.readinessDown().contains(service)) {
                Probes.State expected = killed ? Probes.State.UNREACHABLE : Probes.State.DOWN;
                if (ready.stream().noneMatch(s -> s.state() == expected)) {
                    breaches.add(
                            service.processName + " readiness never went " + expected + " (" + states(ready) + ")");
                }
                long unanswered = ready.stream()
                        .filter(s -> s.state() == Probes.State.UNREACHABLE)
                        .count();
                if (!killed && unanswered > 0) {
                    breaches.add(service.processName + " readiness probe unanswered within "
                            + Probes.PROBE_TIMEOUT.toMillis() + " ms (" + unanswered + " of " + ready.size()
                            + " probes; answered ones took up to " + slowestAnswer(ready)
                            + " ms): it must answer DOWN, not hang");
                }
            } else {
                ready.stream()
                        .filter(s -> s.state() != Probes.State.UP)
                        .findFirst()
                        .ifPresent(s -> breaches.add(service.processName + " readiness " + s.state() + " at "
                                + relative(s.at()) + ": this fault is not its dependency, it must stay ready"));
            }
            if (!ready.isEmpty() && ready.get(ready.size() - 1).state() != Probes.State.UP) {
                breaches.add(service.processName + " readiness not UP again by the end of the episode");
            }
        }
        return breaches;
    }

    private static long slowestAnswer(List<Probes.Sample> samples) {
        return samples.stream()
                .filter(s -> s.state() != Probes.State.UNREACHABLE)
                .mapToLong(Probes.Sample::millis)
                .max()
                .orElse(0);
    }

    private static Set<Probes.State> states(List<Probes.Sample> samples) {
        return samples.stream().map(Probes.Sample::state).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every breaker that opened: its counter grew, or a reading caught it open or half-open. */
    private Set<String> openedBreakers() {
        Set<String> opened = new TreeSet<>();
        after.opened().forEach((name, count) -> {
            if (count > before.opened().getOrDefault(name, 0.0)) {
                opened.add(name);
            }
        });
        for (Breakers.Snapshot snapshot : probes.breakers()) {
            snapshot.states().forEach((name, state) -> {
                if (!state.equals("closed")) {
                    opened.add(name);
                }
            });
        }
        return opened;
    }

    private List<String> breakerBreaches(Set<String> opened) {
        List<String> breaches = new ArrayList<>();
        for (String expected : fault.breakersOpen()) {
            if (!opened.contains(expected)) {
                breaches.add("breaker " + expected + " did not open (opened: " + opened + ")");
            }
        }
        if (!fault.failuresAllowed()) {
            opened.stream()
                    .filter(name -> name.startsWith("gateway-service"))
                    .forEach(name -> breaches.add("breaker " + name + " opened, yet this fault must fail no request"));
        }
        if (!after.allClosed()) {
            breaches.add("breakers not all closed at the end: " + after.states());
        }
        return breaches;
    }

    private List<String> restartBreaches() {
        List<String> breaches = new ArrayList<>();
        pidsBefore.forEach((service, pid) -> {
            if (service != fault.killed() && !pid.equals(pidsAfter.get(service))) {
                breaches.add(service.processName + " was restarted (pid " + pid + " -> " + pidsAfter.get(service)
                        + "): recovery must need no restart");
            }
        });
        return breaches;
    }

    /**
     * E.g. {@code order-service DOWN 9.30 s; others UP}, with the slowest readiness answer when it took longer
     * than Kubernetes' default probe timeout (1 s).
     */
    private String readinessSummary() {
        List<String> parts = new ArrayList<>();
        for (Probes.Service service : Probes.Service.values()) {
            List<Probes.Sample> samples = probes.readiness(service);
            long notUp = 0;
            Set<Probes.State> seen = new TreeSet<>();
            for (int i = 0; i + 1 < samples.size(); i++) {
                if (samples.get(i).state() != Probes.State.UP) {
                    notUp += samples.get(i + 1).at() - samples.get(i).at();
                    seen.add(samples.get(i).state());
                }
            }
            long slowest = slowestAnswer(samples);
            if (notUp > 0 || slowest > 1_000) {
                String state = notUp > 0
                        ? seen.stream().map(Enum::name).collect(Collectors.joining("/")) + " "
                                + ReliabilityReport.seconds(notUp)
                        : "UP";
                String slow = slowest > 1_000 ? " (a probe took " + ReliabilityReport.seconds(slowest) + ")" : "";
                parts.add(service.processName + " " + state + slow);
            }
        }
        return parts.isEmpty() ? "all UP" : String.join("; ", parts) + "; others UP";
    }

    private String relative(long at) {
        return String.format(java.util.Locale.ROOT, "%+.1f s from the fault", (at - timeline.injectedAt()) / 1000.0);
    }
}
