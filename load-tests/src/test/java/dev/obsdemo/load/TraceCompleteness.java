package dev.obsdemo.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * After a run: samples the trace IDs of the {@link TraceLog} and asks Jaeger's query API
 * ({@code GET /api/traces/{id}}) whether each trace is complete, then prints the ratio.
 *
 * <p>A trace is complete when it has spans from every service its {@link Route} touches, every span's parent
 * ({@code CHILD_OF} reference) is a span of the trace, and it has exactly one root: gateway-service's SERVER
 * span, whose {@code app.request.id} is the {@code X-Request-ID} the simulation sent. Only responses with the
 * status their route expects are sampled (another status means another path through the services). Spans reach
 * Jaeger seconds after the response (each service batches its exports), so incomplete traces are asked for again
 * until all are complete or {@code load.waitSeconds} have passed.
 *
 * <p>Run with {@code ./mvnw -pl load-tests exec:java@completeness} (make load does). Properties:
 * {@code load.jaegerUrl} (default {@code http://127.0.0.1:16686}), {@code load.traceIds} (default
 * {@code target/load/trace-ids.csv}), {@code load.sample} (traces to check, default 200),
 * {@code load.waitSeconds} (default 30), {@code load.minCompletePercent} (the target, default 100). Exit
 * status: 0 when the ratio reaches the target, 1 below it, 2 when there is nothing to check or Jaeger does not
 * answer.
 */
public final class TraceCompleteness {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One checked trace: what was asked for and what is wrong with it (nothing when it is complete). */
    public record Verdict(TraceLog.Entry entry, List<String> problems) {
        /** True when the trace has no problem. */
        public boolean complete() {
            return problems.isEmpty();
        }
    }

    /**
     * The outcome of a check.
     *
     * @param recorded responses in the trace log
     * @param eligible of those, responses with their route's status and a trace ID
     * @param verdicts one per sampled trace
     */
    public record Result(int recorded, int eligible, List<Verdict> verdicts) {
        /** How many sampled traces are complete. */
        public long complete() {
            return verdicts.stream().filter(Verdict::complete).count();
        }

        /** Complete traces as a percentage of the sample, 0-100; 0 for an empty sample. */
        public double percent() {
            return verdicts.isEmpty() ? 0 : 100.0 * complete() / verdicts.size();
        }
    }

    private final String jaegerUrl;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A checker that reads traces from the Jaeger query API at this base URL, e.g. http://127.0.0.1:16686. */
    public TraceCompleteness(String jaegerUrl) {
        this.jaegerUrl = jaegerUrl.replaceAll("/+$", "");
    }

    /**
     * Checks a sample of the recorded traces.
     *
     * @param entries the trace log's lines ({@link TraceLog#read})
     * @param sample at most this many traces are checked, drawn at random with this seed
     * @param wait how long to keep asking for traces that are still incomplete
     * @throws IOException when Jaeger does not answer
     */
    public Result check(List<TraceLog.Entry> entries, int sample, long seed, Duration wait)
            throws IOException, InterruptedException {
        List<TraceLog.Entry> eligible = new ArrayList<>();
        for (TraceLog.Entry entry : entries) {
            if (entry.status() == entry.route().status() && entry.traceId().matches("[0-9a-f]{32}")) {
                eligible.add(entry);
            }
        }
        List<TraceLog.Entry> chosen = new ArrayList<>(eligible);
        Collections.shuffle(chosen, new Random(seed));
        chosen = chosen.subList(0, Math.min(sample, chosen.size()));

        Map<TraceLog.Entry, List<String>> problems = new LinkedHashMap<>();
        chosen.forEach(entry -> problems.put(entry, List.of("not checked")));
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (Map.Entry<TraceLog.Entry, List<String>> open : problems.entrySet()) {
                if (!open.getValue().isEmpty()) {
                    open.setValue(problems(open.getKey(), fetch(open.getKey().traceId())));
                }
            }
            boolean allComplete = problems.values().stream().allMatch(List::isEmpty);
            if (allComplete || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(2_000);
        }
        List<Verdict> verdicts = new ArrayList<>();
        problems.forEach((entry, found) -> verdicts.add(new Verdict(entry, found)));
        return new Result(entries.size(), eligible.size(), verdicts);
    }

    /** Jaeger's trace ({@code data[0]} of its answer), or an empty object when it has none (yet). */
    JsonNode fetch(String traceId) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(jaegerUrl + "/api/traces/" + traceId))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            throw new IOException(
                    "Jaeger answered " + response.statusCode() + " for trace " + traceId + ": " + response.body());
        }
        JsonNode data = JSON.readTree(response.body()).path("data");
        return data.isArray() && !data.isEmpty() ? data.get(0) : JSON.createObjectNode();
    }

    /**
     * What keeps this trace (one element of Jaeger's {@code data}) from being complete for the entry's route:
     * an empty list when it is complete.
     */
    public static List<String> problems(TraceLog.Entry entry, JsonNode trace) {
        List<String> problems = new ArrayList<>();
        JsonNode spans = trace.path("spans");
        if (spans.isEmpty()) {
            problems.add("not in Jaeger");
            return problems;
        }
        Map<String, String> serviceOfProcess = new HashMap<>();
        trace.path("processes")
                .fields()
                .forEachRemaining(p -> serviceOfProcess.put(
                        p.getKey(), p.getValue().path("serviceName").asText()));
        Set<String> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.path("spanID").asText()));
        Set<String> services = new TreeSet<>();
        List<JsonNode> roots = new ArrayList<>();
        for (JsonNode span : spans) {
            String service =
                    serviceOfProcess.getOrDefault(span.path("processID").asText(), "?");
            services.add(service);
            String parent = null;
            for (JsonNode reference : span.path("references")) {
                if (reference.path("refType").asText().equals("CHILD_OF")) {
                    parent = reference.path("spanID").asText();
                }
            }
            if (parent == null) {
                roots.add(span);
            } else if (!ids.contains(parent)) {
                problems.add("span " + span.path("spanID").asText() + " (" + service + " '"
                        + span.path("operationName").asText() + "') has no parent " + parent + " in the trace");
            }
        }
        Set<String> missing = new TreeSet<>(entry.route().services());
        missing.removeAll(services);
        if (!missing.isEmpty()) {
            problems.add("no spans from " + missing + " (has " + services + ")");
        }
        if (roots.size() != 1) {
            problems.add(roots.size() + " root spans, not 1");
        } else {
            JsonNode root = roots.get(0);
            String service = serviceOfProcess.get(root.path("processID").asText());
            if (!Route.Services.GATEWAY.equals(service) || !"server".equals(tag(root, "span.kind"))) {
                problems.add("the root span is " + service + " '"
                        + root.path("operationName").asText() + "', not the gateway's SERVER span");
            } else if (!entry.requestId().equals(tag(root, "app.request.id"))) {
                problems.add("the root span's app.request.id is " + tag(root, "app.request.id") + ", not "
                        + entry.requestId());
            }
        }
        return problems;
    }

    private static String tag(JsonNode span, String key) {
        for (JsonNode tag : span.path("tags")) {
            if (tag.path("key").asText().equals(key)) {
                return tag.path("value").asText();
            }
        }
        return null;
    }

    /** The report printed after a check: the ratio first, then each incomplete trace with its problems. */
    public static String describe(Result result, String jaegerUrl, double targetPercent) {
        StringBuilder text = new StringBuilder(String.format(
                "trace completeness: %d of %d sampled traces complete (%.1f%%), target %.0f%%%n"
                        + "  from %d recorded responses, %d with their route's status; traces read from %s%n",
                result.complete(),
                result.verdicts().size(),
                result.percent(),
                targetPercent,
                result.recorded(),
                result.eligible(),
                jaegerUrl));
        for (Verdict verdict : result.verdicts()) {
            if (!verdict.complete()) {
                text.append(String.format(
                        "  incomplete: %s %s (request %s): %s%n",
                        verdict.entry().traceId(),
                        verdict.entry().route().label(),
                        verdict.entry().requestId(),
                        String.join("; ", verdict.problems())));
            }
        }
        return text.toString();
    }

    /** Checks the trace log of the last run against Jaeger; see the class comment for properties and status. */
    public static void main(String[] args) throws Exception {
        String jaeger = System.getProperty("load.jaegerUrl", "http://127.0.0.1:16686");
        Path file = Path.of(System.getProperty("load.traceIds", "target/load/trace-ids.csv"));
        int sample = Integer.parseInt(System.getProperty("load.sample", "200"));
        long waitSeconds = Long.parseLong(System.getProperty("load.waitSeconds", "30"));
        double target = Double.parseDouble(System.getProperty("load.minCompletePercent", "100"));
        long seed = Long.parseLong(System.getProperty("load.seed", Long.toString(System.currentTimeMillis())));
        int status = run(jaeger, file, sample, seed, Duration.ofSeconds(waitSeconds), target);
        if (status != 0) {
            // exec:java runs in Maven's JVM: an exception fails the build, System.exit would end Maven itself.
            throw new IllegalStateException("trace completeness check failed (status " + status + ")");
        }
    }

    /**
     * Runs the check and prints its report.
     *
     * @return 0 when the complete share reaches {@code targetPercent}, 1 below it, 2 when there is nothing to
     *     check (no file, no eligible response) or Jaeger does not answer
     */
    public static int run(String jaegerUrl, Path traceIds, int sample, long seed, Duration wait, double targetPercent)
            throws InterruptedException {
        if (!Files.isRegularFile(traceIds)) {
            System.out.println("trace completeness: no trace log at " + traceIds.toAbsolutePath()
                    + "; run the simulation first (make load)");
            return 2;
        }
        List<TraceLog.Entry> entries = TraceLog.read(traceIds);
        Result result;
        try {
            result = new TraceCompleteness(jaegerUrl).check(entries, sample, seed, wait);
        } catch (IOException e) {
            System.out.println("trace completeness: Jaeger at " + jaegerUrl + " does not answer: " + e);
            return 2;
        }
        System.out.print(describe(result, jaegerUrl, targetPercent));
        if (result.verdicts().isEmpty()) {
            System.out.println("trace completeness: nothing to check in " + traceIds.toAbsolutePath());
            return 2;
        }
        return result.percent() >= targetPercent ? 0 : 1;
    }
}
