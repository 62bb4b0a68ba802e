package dev.obsdemo.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace as each backend of the local stack stored it, in one shape: Jaeger's query API
 * ({@code /api/traces/{id}}) and Zipkin's ({@code /api/v2/trace/{id}}). Both receive every span from the
 * OpenTelemetry Collector, so a complete pipeline gives the same spans in both.
 */
public final class Traces {

    public static final String ZIPKIN = "http://127.0.0.1:9411";

    private Traces() {}

    /**
     * One span: IDs (16 hex digits), service, operation, kind in lower case ({@code server}, {@code client},
     * {@code internal}), tags, start and duration in microseconds.
     */
    public record Span(
            String id,
            String parentId,
            String service,
            String operation,
            String kind,
            Map<String, String> tags,
            long start,
            long duration) {}

    /** The spans Jaeger has of the trace (none when it has no such trace). */
    public static List<Span> jaeger(String traceId) throws IOException, InterruptedException {
        return fromJaeger(ObservedStack.trace(traceId));
    }

    /** Spans of one trace in Jaeger's JSON ({@code data[i]} of its query API). */
    public static List<Span> fromJaeger(JsonNode trace) {
        Map<String, String> services = new HashMap<>();
        trace.path("processes")
                .fields()
                .forEachRemaining(p -> services.put(
                        p.getKey(), p.getValue().path("serviceName").asText()));
        List<Span> spans = new ArrayList<>();
        for (JsonNode span : trace.path("spans")) {
            Map<String, String> tags = new HashMap<>();
            span.path("tags")
                    .forEach(t ->
                            tags.put(t.path("key").asText(), t.path("value").asText()));
            String parent = null;
            for (JsonNode ref : span.path("references")) {
                if (ref.path("refType").asText().equals("CHILD_OF")) {
                    parent = ref.path("spanID").asText();
                }
            }
            spans.add(new Span(
                    span.path("spanID").asText(),
                    parent,
                    services.get(span.path("processID").asText()),
                    span.path("operationName").asText(),
                    tags.getOrDefault("span.kind", "internal"),
                    tags,
                    span.path("startTime").asLong(),
                    span.path("duration").asLong()));
        }
        return spans;
    }

    /** The spans Zipkin has of the trace (none when it has no such trace or does not answer). */
    public static List<Span> zipkin(String traceId) throws IOException, InterruptedException {
        List<Span> spans = new ArrayList<>();
        JsonNode trace;
        try {
            trace = ObservedStack.getJson(ZIPKIN + "/api/v2/trace/" + traceId);
        } catch (IOException notAnswering) {
            return spans;
        }
        for (JsonNode span : trace) {
            Map<String, String> tags = new HashMap<>();
            span.path("tags")
                    .fields()
                    .forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
            String kind = span.path("kind").asText("internal").toLowerCase();
            spans.add(new Span(
                    span.path("id").asText(),
                    span.hasNonNull("parentId") ? span.path("parentId").asText() : null,
                    span.path("localEndpoint").path("serviceName").asText(),
                    span.path("name").asText(),
                    kind,
                    tags,
                    span.path("timestamp").asLong(),
                    span.path("duration").asLong()));
        }
        return spans;
    }

    public static Set<String> services(List<Span> spans) {
        Set<String> services = new HashSet<>();
        spans.forEach(s -> services.add(s.service()));
        return services;
    }

    public static Set<String> ids(List<Span> spans) {
        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(s.id()));
        return ids;
    }

    /** The spans whose parent is not in the trace: the root, or a span whose parent a client sent. */
    public static List<Span> roots(List<Span> spans) {
        Set<String> ids = ids(spans);
        return spans.stream()
                .filter(s -> s.parentId() == null || !ids.contains(s.parentId()))
                .toList();
    }
}
