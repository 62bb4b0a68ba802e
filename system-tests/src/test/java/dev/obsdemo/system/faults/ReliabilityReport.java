package dev.obsdemo.system.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite's figures as the table of docs/reliability.md: one row per fault episode and per class of hostile
 * input, written to {@code system-tests/target/faults/reliability-table.md} (and printed) after every run, so
 * the document can be regenerated from a real run; each rule broken is listed under the table.
 */
final class ReliabilityReport {

    static final String HEADER =
            "| Fault | Requests | 2xx | 503 | 429 | Other 5xx or no answer | Worst latency (route, budget)"
                    + " | Readiness | Breakers opened | Recovery | Orders 201 / learned by key / lost | Result |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---|---|---:|---|---|\n";

    private final List<EpisodeResult> results = new ArrayList<>();

    synchronized void add(EpisodeResult result) {
        results.add(result);
        System.out.println(row(result));
        result.breaches().forEach(b -> System.out.println("    breach: " + b));
    }

    /** One Markdown table row. */
    static String row(EpisodeResult r) {
        if (r.inputClass()) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %s (%s) | – | – | – | – | %s |",
                    r.fault(),
                    r.requests(),
                    r.served2xx(),
                    r.served503(),
                    r.served429(),
                    r.otherFailures(),
                    seconds(r.worstMs()),
                    r.worstRoute(),
                    r.passed() ? "pass" : r.breaches().size() + " breach(es)");
        }
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %d | %d | %s (%s) | %s | %s | %s | %d / %d / %d | %s |",
                r.fault(),
                r.requests(),
                r.served2xx(),
                r.served503(),
                r.served429(),
                r.otherFailures(),
                seconds(r.worstMs()),
                r.worstRoute(),
                r.readiness(),
                r.breakersOpened(),
                r.recoveryMs() < 0 ? "none" : seconds(r.recoveryMs()),
                r.orders201(),
                r.ordersLearnedByKey(),
                r.ordersLost(),
                r.passed() ? "pass" : r.breaches().size() + " breach(es)");
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /**
     * Writes every request of an episode to {@code <dir>/<fault id>.csv}: when it started (ms from the fault),
     * route, what was sent, status, ms waited, request ID, Idempotency-Key, the ID answered, and the detail.
     */
    static void writeOutcomes(Path dir, String faultId, long injectedAt, List<Outcome> outcomes) throws IOException {
        StringBuilder csv = new StringBuilder("at_ms,route,label,status,millis,request_id,idempotency_key,id,detail\n");
        outcomes.stream()
                .sorted(java.util.Comparator.comparingLong(Outcome::startedAtMillis))
                .forEach(o -> csv.append(o.startedAtMillis() - injectedAt)
                        .append(',')
                        .append(quoted(o.route().template()))
                        .append(',')
                        .append(quoted(o.label()))
                        .append(',')
                        .append(o.status())
                        .append(',')
                        .append(o.millis())
                        .append(',')
                        .append(quoted(o.sentRequestId()))
                        .append(',')
                        .append(quoted(o.idempotencyKey()))
                        .append(',')
                        .append(o.id() == null ? "" : o.id())
                        .append(',')
                        .append(quoted(o.detail()))
                        .append('\n'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(faultId + ".csv"), csv, StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return value == null ? "" : '"' + value.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }

    /** Writes the table and the breaches under {@code dir}. */
    synchronized Path write(Path dir, String selection) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("<!-- Written by FaultsUnderLoadTest (")
                .append(selection)
                .append(") at ")
                .append(Instant.now())
                .append(" -->\n");
        text.append(HEADER);
        results.forEach(r -> text.append(row(r)).append('\n'));
        text.append('\n');
        for (EpisodeResult r : results) {
            if (!r.passed()) {
                text.append("**").append(r.fault()).append("**\n\n");
                r.breaches().forEach(b -> text.append("- ").append(b).append('\n'));
                text.append('\n');
            }
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("reliability-table.md");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
