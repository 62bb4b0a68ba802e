package dev.obsdemo.system.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.obsdemo.system.ObservedStack;
import dev.obsdemo.system.StackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every panel of every Grafana dashboard shows data: with traffic going through every route of the local
 * stack, each panel's PromQL (Grafana's macros replaced, GrafanaDashboards) parses in the real
 * Prometheus and returns at least one series with a number, not only NaN. Grafana itself does not run here;
 * what it would send Prometheus does.
 */
@ExtendWith(StackExtension.class)
class DashboardQueriesTest {

    @Test
    void everyPanelQueryReturnsNumbersAfterTraffic() throws Exception {
        List<GrafanaDashboards.PanelQuery> queries = GrafanaDashboards.load().queries();
        assertThat(queries).hasSizeGreaterThan(50);

        // Traffic on every round: panels that rate raw series over the last minute go blank a minute after the
        // last request. The recording rules run every 5 s, the long-window SLO rules once a minute: up to two
        // minutes until the last of them has a value.
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        do {
            Traffic.everyRoute();
            pause(Duration.ofSeconds(10)); // two scrapes, so rates see the round
            failures.clear();
            for (GrafanaDashboards.PanelQuery query : queries) {
                String problem = problemWith(query.expr());
                if (problem != null) {
                    failures.add(query.dashboardUid() + " / \"" + query.panelTitle() + "\" / " + query.refId() + ": "
                            + problem + "\n    " + query.expr());
                }
            }
        } while (!failures.isEmpty() && System.nanoTime() < deadline);
        assertThat(failures).as("panels without data").isEmpty();
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** Why the query shows nothing, or null when it returns a number. */
    private static String problemWith(String expr) throws Exception {
        JsonNode response = ObservedStack.prometheus("/api/v1/query", expr);
        if (!"success".equals(response.path("status").asText())) {
            return response.path("errorType").asText() + ": "
                    + response.path("error").asText();
        }
        JsonNode result = response.path("data").path("result");
        if (result.isEmpty()) {
            return "no series";
        }
        for (JsonNode series : result) {
            double value = Double.parseDouble(series.path("value").path(1).asText());
            if (Double.isFinite(value)) {
                return null;
            }
        }
        return "only NaN or infinite values";
    }
}
