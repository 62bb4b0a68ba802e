package dev.obsdemo.system.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The circuit breakers of the gateway and order-service as their metrics show them (SmallRye Fault
 * Tolerance's MicroProfile metrics: {@code ft_circuitbreaker_state_current{method, state}} is 1 for the
 * current state, {@code ft_circuitbreaker_opened_total{method}} counts openings). A breaker is named by its
 * service and the simple name of its class and method, e.g. {@code gateway-service UserClient.get}; it exists
 * from its method's first call.
 */
final class Breakers {

    private static final Pattern SAMPLE =
            Pattern.compile("^(ft_circuitbreaker_state_current|ft_circuitbreaker_opened_total)\\{([^}]*)} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * The breakers at one moment.
     *
     * @param at ms since the epoch
     * @param states breaker -> {@code closed}, {@code open} or {@code halfOpen}
     * @param opened breaker -> how often it opened since its service started
     */
    record Snapshot(long at, Map<String, String> states, Map<String, Double> opened) {

        boolean allClosed() {
            return states.values().stream().allMatch("closed"::equals);
        }
    }

    private Breakers() {}

    /** Reads both services now; a service that does not answer contributes nothing. */
    static Snapshot read() {
        Map<String, String> states = new TreeMap<>();
        Map<String, Double> opened = new TreeMap<>();
        for (Probes.Service service : new Probes.Service[] {Probes.Service.GATEWAY, Probes.Service.ORDERS}) {
            String text = metrics(service);
            for (String line : text.split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (!sample.find()) {
                    continue;
                }
                Map<String, String> labels = labels(sample.group(2));
                String breaker = service.processName + " " + simpleName(labels.getOrDefault("method", "?"));
                double value = Double.parseDouble(sample.group(3));
                if (sample.group(1).equals("ft_circuitbreaker_opened_total")) {
                    opened.put(breaker, value);
                } else if (value == 1.0) {
                    states.put(breaker, labels.get("state"));
                }
            }
        }
        return new Snapshot(System.currentTimeMillis(), states, opened);
    }

    /** {@code dev.obsdemo.gateway.client.UserClient.get} -> {@code UserClient.get}. */
    static String simpleName(String method) {
        int methodDot = method.lastIndexOf('.');
        int classDot = methodDot > 0 ? method.lastIndexOf('.', methodDot - 1) : -1;
        return method.substring(classDot + 1);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }

    private static String metrics(Probes.Service service) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                .header("Accept", "text/plain; version=0.0.4")
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
