package dev.obsdemo.system.deploy;

import static dev.obsdemo.system.deploy.DeployTools.COMPOSE_DIR;
import static dev.obsdemo.system.deploy.DeployTools.COMPOSE_FILE;
import static dev.obsdemo.system.deploy.DeployTools.DCLINT;
import static dev.obsdemo.system.deploy.DeployTools.DEPLOY_CHECK;
import static dev.obsdemo.system.deploy.DeployTools.JAEGER;
import static dev.obsdemo.system.deploy.DeployTools.breakCopy;
import static dev.obsdemo.system.deploy.DeployTools.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/compose/compose.yaml, offline: compose-go (the loader and validator behind `docker compose config`)
 * with every profile, the project's rules (deploy-check compose), the collector's and Jaeger's own validation
 * of their configuration as compose runs them, and dclint. Each check also gets a broken copy and must fail.
 */
class ComposeFileTest {

    private static DeployTools.Result check(Path file) {
        // Relative paths resolve from deploy/compose, wherever the file under test is.
        return run(
                DEPLOY_CHECK.toString(),
                "compose",
                "--project-dir",
                COMPOSE_DIR.toString(),
                "--jaeger",
                JAEGER.toString(),
                file.toString());
    }

    @Test
    void theComposeFilePassesEveryCheckWithEveryProfile() {
        DeployTools.Result result = check(COMPOSE_FILE);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        // The figure the README states.
        assertThat(result.output()).as(result.describe()).contains("memory limits 2384 MiB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # what breaks                        | text in compose.yaml                                  | replaced by                                            | expected problem
            depends_on a missing service         | '    redis: { condition: service_healthy }'            | '    rediss: { condition: service_healthy }'             | depends on undefined service
            a key the spec does not have         | '  restart: unless-stopped'                            | '  restartt: unless-stopped'                             | restartt
            a port on every interface            | '"127.0.0.1:${GRAFANA_PORT:-3000}:3000"'             | '"0.0.0.0:${GRAFANA_PORT:-3000}:3000"'                 | not 127.0.0.1
            a host port published twice          | '"127.0.0.1:${GRAFANA_PORT:-3000}:3000"'             | '"127.0.0.1:${GRAFANA_PORT:-8080}:3000"'               | also published by
            a service without healthcheck        | '      test: ["CMD", "redis-cli", "ping"]'            | '      disable: true'                                    | service redis: no healthcheck
            a service without memory limit       | '    mem_limit: 48m'                                    | ''                                                       | no memory limit
            memory over the 2.5 GB budget        | '    mem_limit: 320m'                                   | '    mem_limit: 520m'                                    | over the budget
            waiting for a start, not health      | '      jaeger: { condition: service_healthy }'          | '      jaeger: { condition: service_started }'           | wait for service_healthy
            a Dockerfile that does not exist     | 'dockerfile: user-service/Dockerfile'                  | 'dockerfile: users/Dockerfile'                           | does not exist
            a mounted file that does not exist   | 'observability/loki/loki.yaml:'                        | 'observability/loki/loki.yml:'                           | does not exist
            a database host that is no service   | '      DB_HOST: postgres'                               | '      DB_HOST: postgresql'                              | no service of this file
            services sending OTLP to the gRPC port  | '  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318' | '  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317' | sends OTLP to http://otel-collector:4317
            Loki on a port it does not expose    | 'LOKI_OTLP_ENDPOINT: http://loki:3100/otlp'            | 'LOKI_OTLP_ENDPOINT: http://loki:3101/otlp'              | does not expose port 3101
            Prometheus with the kind targets     | 'targets-compose:/etc/prometheus/targets'              | 'targets-kind:/etc/prometheus/targets'                   | is no service of the compose file
            the collector exporting to nowhere   | 'OTELCOL_TRACE_EXPORTERS: "[otlp/jaeger]"'             | 'OTELCOL_TRACE_EXPORTERS: "[otlp/nowhere]"'              | references exporter "otlp/nowhere" which is not configured
            Jaeger configuration broken          | '      GOMEMLIMIT: 200MiB'                              | '      JAEGER_MAX_TRACES: lots'                          | jaeger validate
            """)
    void aBrokenComposeFileFails(String what, String find, String replacement, String expected, @TempDir Path dir) {
        Path broken = breakCopy(COMPOSE_FILE, dir.resolve("compose.yaml"), find, replacement);

        DeployTools.Result result = check(broken);

        assertThat(result.succeeded()).as("%s: %s", what, result.describe()).isFalse();
        assertThat(result.output()).as(what).contains(expected);
    }

    private static DeployTools.Result dclint(Path file) {
        return run(
                DCLINT.toString(),
                "--color=false",
                "--max-warnings",
                "0",
                "-c",
                COMPOSE_DIR.resolve(".dclintrc.yaml").toString(),
                file.toString());
    }

    @Test
    void dclintFindsNothing() {
        DeployTools.Result result = dclint(COMPOSE_FILE);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @Test
    void dclintRejectsAPortWithoutInterfaceAndAnUnpinnedImage(@TempDir Path dir) {
        Path broken = breakCopy(
                COMPOSE_FILE, dir.resolve("compose.yaml"), "\"127.0.0.1:${GRAFANA_PORT:-3000}:3000\"", "\"3000:3000\"");
        broken = breakCopy(broken, broken, "image: redis:8.2.1-alpine", "image: redis");

        DeployTools.Result result = dclint(broken);

        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output())
                .contains("no-unbound-port-interfaces")
                .contains("service-image-require-explicit-tag");
    }
}
