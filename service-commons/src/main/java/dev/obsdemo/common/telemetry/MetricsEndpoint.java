package dev.obsdemo.common.telemetry;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Locale;

/**
 * {@code /q/metrics} with real HTTP content negotiation, so Prometheus gets exemplars.
 *
 * <p>Quarkus' own handler answers the Prometheus text format (which cannot carry exemplars) whenever the
 * Accept header merely contains {@code text/plain}, ignoring q-values. Prometheus' scrape Accept header is
 * {@code application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5,*}{@code /*;q=0.1}: it
 * prefers OpenMetrics, so it got the format it liked least and every exemplar was lost. This route, ahead
 * of Quarkus' on the management router, picks the format with the highest q-value (OpenMetrics on a tie or
 * without an Accept header) and answers 406 only when neither is acceptable. It also drops the exemplars the
 * OpenMetrics format does not allow, which would make Prometheus reject the whole scrape.
 */
@ApplicationScoped
public class MetricsEndpoint {

    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Instance<PrometheusMeterRegistry> registry;

    public MetricsEndpoint(Instance<PrometheusMeterRegistry> registry) {
        this.registry = registry;
    }

    void register(@Observes ManagementInterface management) {
        management.router().get("/q/metrics").order(Integer.MIN_VALUE).handler(this::scrape);
    }

    private void scrape(RoutingContext rc) {
        String contentType = negotiate(rc.request().getHeader("Accept"));
        if (contentType == null) {
            rc.response()
                    .setStatusCode(406)
                    .putHeader("Content-Type", "text/plain")
                    .end("Acceptable: application/openmetrics-text; version=1.0.0, text/plain; version=0.0.4\n");
            return;
        }
        // Scraping walks every meter: do it off the event loop.
        rc.vertx()
                .<String>executeBlocking(
                        () -> {
                            String body = registry.get().scrape(contentType);
                            return contentType.equals(OPENMETRICS) ? onlyValidExemplars(body) : body;
                        },
                        false)
                .onSuccess(body ->
                        rc.response().putHeader("Content-Type", contentType).end(body))
                .onFailure(rc::fail);
    }

    /**
     * OpenMetrics allows exemplars on histogram buckets and counters only. The Prometheus client also puts
     * them on the {@code _count} of a histogram, and Prometheus rejects the whole scrape for that ("metric
     * name ..._count does not support exemplars"). Keep them where the format allows them.
     */
    static String onlyValidExemplars(String body) {
        StringBuilder out = new StringBuilder(body.length());
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            end = end < 0 ? body.length() : end + 1;
            String line = body.substring(start, end);
            int exemplar = line.indexOf(" # {");
            if (exemplar > 0 && line.charAt(0) != '#') {
                int nameEnd = line.indexOf('{');
                String name = line.substring(0, nameEnd < 0 || nameEnd > exemplar ? line.indexOf(' ') : nameEnd);
                if (!name.endsWith("_bucket") && !name.endsWith("_total")) {
                    line = line.substring(0, exemplar) + (line.endsWith("\n") ? "\n" : "");
                }
            }
            out.append(line);
            start = end;
        }
        return out.toString();
    }

    /** The chosen content type, or null when the client accepts neither format. */
    static String negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return OPENMETRICS;
        }
        double openMetrics = 0;
        double text = 0;
        for (String part : accept.split(",")) {
            String[] params = part.trim().split(";");
            String mediaType = params[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            String version = null;
            for (int i = 1; i < params.length; i++) {
                String[] kv = params[i].trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("q")) {
                    try {
                        q = Double.parseDouble(kv[1].trim());
                    } catch (NumberFormatException ignored) {
                        q = 0;
                    }
                } else if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("version")) {
                    version = kv[1].trim();
                }
            }
            switch (mediaType) {
                case "application/openmetrics-text" -> {
                    if (version == null || version.equals("1.0.0")) {
                        openMetrics = Math.max(openMetrics, q);
                    }
                }
                case "text/plain" -> text = Math.max(text, q);
                case "text/*" -> text = Math.max(text, q);
                case "application/*" -> openMetrics = Math.max(openMetrics, q);
                case "*/*" -> {
                    openMetrics = Math.max(openMetrics, q);
                    text = Math.max(text, q);
                }
                default -> {}
            }
        }
        if (openMetrics == 0 && text == 0) {
            return null;
        }
        return openMetrics >= text ? OPENMETRICS : TEXT;
    }
}
