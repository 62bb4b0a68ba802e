package dev.obsdemo.system.deploy;

import static dev.obsdemo.system.deploy.DeployTools.DEPLOY_CHECK;
import static dev.obsdemo.system.deploy.DeployTools.HADOLINT;
import static dev.obsdemo.system.deploy.DeployTools.ROOT;
import static dev.obsdemo.system.deploy.DeployTools.breakCopy;
import static dev.obsdemo.system.deploy.DeployTools.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Dockerfiles, linted by hadolint, and the service images' own rules (deploy-check dockerfile): a numeric
 * non-root user, a health check, exposed ports, pinned base images, and every file a COPY takes from the
 * repository let through by .dockerignore (Docker's own pattern matcher). Each also gets a broken copy and must
 * fail.
 */
class DockerfilesTest {

    static final List<Path> SERVICE_DOCKERFILES = Stream.of("user-service", "order-service", "gateway-service")
            .map(service -> ROOT.resolve(service).resolve("Dockerfile"))
            .toList();
    static final Path COLLECTOR_DOCKERFILE = ROOT.resolve("deploy/compose/otel-collector/Dockerfile");
    /** The load test's job image (compose profile load): linted, but it is no service (no port, no health check). */
    static final Path LOAD_DOCKERFILE = ROOT.resolve("load-tests/Dockerfile");

    private static DeployTools.Result hadolint(Path... files) {
        return run(Stream.concat(
                        Stream.of(HADOLINT.toString(), "--no-color"),
                        Stream.of(files).map(Path::toString))
                .toArray(String[]::new));
    }

    @Test
    void hadolintFindsNothingInAnyDockerfile() {
        Path[] all = Stream.concat(SERVICE_DOCKERFILES.stream(), Stream.of(COLLECTOR_DOCKERFILE, LOAD_DOCKERFILE))
                .toArray(Path[]::new);

        DeployTools.Result result = hadolint(all);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @Test
    void hadolintRejectsAnUnpinnedPackageAndAShellFormHealthCheck(@TempDir Path dir) {
        Path broken = breakCopy(
                SERVICE_DOCKERFILES.get(0),
                dir.resolve("Dockerfile"),
                "WORKDIR /deployments",
                "RUN apk add --no-cache curl\nWORKDIR /deployments");
        broken = breakCopy(
                broken,
                broken,
                "CMD [\"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:9001/q/health/ready\"]",
                "CMD wget -q -O /dev/null http://127.0.0.1:9001/q/health/ready");

        DeployTools.Result result = hadolint(broken);

        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output()).contains("DL3018").contains("DL3025");
    }

    private static DeployTools.Result checkWith(Path dockerignore, Path... files) {
        return run(Stream.concat(
                        Stream.of(
                                DEPLOY_CHECK.toString(),
                                "dockerfile",
                                "--context",
                                ROOT.toString(),
                                "--dockerignore",
                                dockerignore.toString()),
                        Stream.of(files).map(Path::toString))
                .toArray(String[]::new));
    }

    private static DeployTools.Result check(Path... files) {
        return checkWith(ROOT.resolve(".dockerignore"), files);
    }

    @Test
    void theServiceImagesFollowTheProjectRules() {
        DeployTools.Result result = check(SERVICE_DOCKERFILES.toArray(Path[]::new));

        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            running as root                | USER 10001:10001                                 | USER 0                                  | runs as root
            a user Kubernetes cannot check | USER 10001:10001                                 | USER app                                | not a numeric uid
            no health check                | 'HEALTHCHECK --interval=10s'                     | 'LABEL check-interval=10s'              | no HEALTHCHECK
            a base image without version   | FROM eclipse-temurin:17.0.16_8-jre-alpine        | FROM eclipse-temurin                    | has no version
            """)
    void aBrokenServiceDockerfileFails(
            String what, String find, String replacement, String expected, @TempDir Path dir) {
        Path broken = breakCopy(SERVICE_DOCKERFILES.get(0), dir.resolve("Dockerfile"), find, replacement);

        DeployTools.Result result = check(broken);

        assertThat(result.succeeded()).as("%s: %s", what, result.describe()).isFalse();
        assertThat(result.output()).as(what).contains(expected);
    }

    @Test
    void aDockerignoreThatLeavesOutACopiedFolderFails(@TempDir Path dir) {
        Path broken =
                breakCopy(ROOT.resolve(".dockerignore"), dir.resolve(".dockerignore"), "!service-testing/src\n", "");

        DeployTools.Result result = checkWith(broken, SERVICE_DOCKERFILES.get(0));

        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output()).contains("COPY service-testing/src").contains("left out by the .dockerignore");
    }
}
