package dev.obsdemo.common.telemetry;

import static dev.obsdemo.common.telemetry.MetricsEndpoint.OPENMETRICS;
import static dev.obsdemo.common.telemetry.MetricsEndpoint.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsEndpointTest {

    /** Prometheus' scrape Accept header (scrape_protocols default, Prometheus 2.49 and later). */
    private static final String PROMETHEUS = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @Test
    void prometheusGetsOpenMetricsAlthoughItAlsoAcceptsText() {
        assertThat(MetricsEndpoint.negotiate(PROMETHEUS)).isEqualTo(OPENMETRICS);
    }

    @Test
    void noAcceptHeaderGetsOpenMetrics() {
        assertThat(MetricsEndpoint.negotiate(null)).isEqualTo(OPENMETRICS);
        assertThat(MetricsEndpoint.negotiate("  ")).isEqualTo(OPENMETRICS);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            text/plain;version=0.0.4                                      | TEXT
            text/plain                                                    | TEXT
            TEXT/PLAIN ; Q=0.4                                            | TEXT
            text/*                                                        | TEXT
            application/openmetrics-text                                  | OPENMETRICS
            application/openmetrics-text; version=1.0.0                   | OPENMETRICS
            application/*                                                 | OPENMETRICS
            */*                                                           | OPENMETRICS
            text/plain;q=0.9, application/openmetrics-text;q=0.5          | TEXT
            text/plain;q=0.5, application/openmetrics-text;q=0.9          | OPENMETRICS
            text/plain;q=0.5, application/openmetrics-text;q=0.5          | OPENMETRICS
            text/plain;q=0.2, */*;q=0.3                                   | OPENMETRICS
            application/openmetrics-text;version=0.0.1, text/plain;q=0.1  | TEXT
            application/openmetrics-text;q=0, text/plain;q=0.1            | TEXT
            application/openmetrics-text;q=abc, text/plain;q=0.1          | TEXT
            """)
    void theFormatWithTheHighestQualityWins(String accept, String expected) {
        assertThat(MetricsEndpoint.negotiate(accept)).isEqualTo(expected.equals("TEXT") ? TEXT : OPENMETRICS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            application/json
            text/html, application/xml;q=0.9
            application/openmetrics-text;version=0.0.1
            text/plain;q=0, application/openmetrics-text;q=0
            """)
    void neitherFormatAcceptableIsNoFormat(String accept) {
        assertThat(MetricsEndpoint.negotiate(accept)).isNull();
    }

    @Test
    void exemplarsStayOnBucketsAndCounters() {
        String body = """
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_bucket{le="0.1"} 3 # {span_id="b7ad6b7169203331",trace_id="0af7651916cd43dd8448eb211c80319c"} 0.05 1700000000.0
                http_server_requests_seconds_count 3 # {span_id="b7ad6b7169203331",trace_id="0af7651916cd43dd8448eb211c80319c"} 0.05 1700000000.0
                http_server_requests_seconds_sum 0.15
                # TYPE users_created counter
                users_created_total 2.0 # {span_id="b7ad6b7169203331",trace_id="0af7651916cd43dd8448eb211c80319c"} 1.0 1700000000.0
                """;

        String filtered = MetricsEndpoint.onlyValidExemplars(body);

        assertThat(filtered).isEqualTo("""
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_bucket{le="0.1"} 3 # {span_id="b7ad6b7169203331",trace_id="0af7651916cd43dd8448eb211c80319c"} 0.05 1700000000.0
                http_server_requests_seconds_count 3
                http_server_requests_seconds_sum 0.15
                # TYPE users_created counter
                users_created_total 2.0 # {span_id="b7ad6b7169203331",trace_id="0af7651916cd43dd8448eb211c80319c"} 1.0 1700000000.0
                """);
    }

    @Test
    void aLabelledCountLosesItsExemplarAndKeepsItsLabels() {
        String line =
                "http_server_requests_seconds_count{method=\"GET\",uri=\"/users/{id}\"} 4 # {trace_id=\"0af7651916cd43dd8448eb211c80319c\"} 0.1";

        assertThat(MetricsEndpoint.onlyValidExemplars(line + "\n"))
                .isEqualTo("http_server_requests_seconds_count{method=\"GET\",uri=\"/users/{id}\"} 4\n");
    }

    @Test
    void theLastLineWithoutNewlineIsFilteredToo() {
        assertThat(MetricsEndpoint.onlyValidExemplars("jvm_threads_live_threads 12 # {trace_id=\"abc\"} 1.0"))
                .isEqualTo("jvm_threads_live_threads 12");
    }

    @Test
    void linesWithoutExemplarsAndCommentsAreKeptAsTheyAre() {
        String body = "# HELP cache_requests_total User cache lookups # {not an exemplar}\n"
                + "cache_requests_total{cache=\"users\",result=\"hit\"} 7.0\n# EOF\n";

        assertThat(MetricsEndpoint.onlyValidExemplars(body)).isEqualTo(body);
    }
}
