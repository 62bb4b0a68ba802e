package dev.obsdemo.system.deploy;

import static dev.obsdemo.system.deploy.DeployTools.DEPLOY_CHECK;
import static dev.obsdemo.system.deploy.DeployTools.JAEGER;
import static dev.obsdemo.system.deploy.DeployTools.KIND_CLUSTER;
import static dev.obsdemo.system.deploy.DeployTools.KIND_DIR;
import static dev.obsdemo.system.deploy.DeployTools.KUBERNETES_VALIDATE;
import static dev.obsdemo.system.deploy.DeployTools.ROOT;
import static dev.obsdemo.system.deploy.DeployTools.breakCopy;
import static dev.obsdemo.system.deploy.DeployTools.kubernetesVersion;
import static dev.obsdemo.system.deploy.DeployTools.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/kind, offline: kustomize builds every overlay (the krusty engine of `kubectl kustomize`), every object
 * passes kubernetes-validate --strict for the Kubernetes version of kind's node image, every pod template
 * passes the restricted Pod Security Standard as the admission library of that version evaluates it, the
 * project's rules hold (deploy-check kube), and kind's cluster config decodes strictly and maps the NodePorts.
 * Each check also gets a broken copy and must fail.
 */
class KubernetesManifestsTest {

    static final Path OVERLAY = KIND_DIR.resolve("overlays/kind");

    @TempDir
    static Path built;

    static Path manifests;

    @BeforeAll
    static void buildTheKindOverlay() throws IOException {
        // The overlay's secretGenerator reads the files deploy/kind/up.sh generates; generated if missing, kept if not.
        DeployTools.Result secrets =
                DeployTools.run(KIND_DIR.resolve("secrets.sh").toString());
        assertThat(secrets.succeeded()).as(secrets.describe()).isTrue();
        DeployTools.Result build = run(DEPLOY_CHECK.toString(), "kube-build", OVERLAY.toString());
        assertThat(build.succeeded()).as(build.describe()).isTrue();
        manifests = built.resolve("kind.yaml");
        Files.writeString(manifests, build.output());
    }

    @Test
    void everyOverlayAndTheBaseBuild() throws IOException {
        List<Path> dirs;
        try (Stream<Path> overlays = Files.list(KIND_DIR.resolve("overlays"))) {
            dirs = Stream.concat(Stream.of(KIND_DIR.resolve("base")), overlays.filter(Files::isDirectory))
                    .toList();
        }
        assertThat(dirs).hasSizeGreaterThan(1);
        for (Path dir : dirs) {
            DeployTools.Result build = run(DEPLOY_CHECK.toString(), "kube-build", dir.toString());
            assertThat(build.succeeded()).as(build.describe()).isTrue();
            assertThat(build.output()).contains("kind: Deployment");
        }
    }

    @Test
    void kustomizeRefusesAnOverlayWithAMissingResource(@TempDir Path dir) throws IOException {
        // kustomize takes relative paths only.
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources:
                  - %s
                  - not-there.yaml
                """.formatted(dir.relativize(KIND_DIR.resolve("base"))));

        DeployTools.Result build = run(DEPLOY_CHECK.toString(), "kube-build", dir.toString());

        assertThat(build.succeeded()).as(build.describe()).isFalse();
        assertThat(build.output()).contains("not-there.yaml");
    }

    private static DeployTools.Result validate(Path file) {
        return run(KUBERNETES_VALIDATE.toString(), "--strict", "--quiet", "-k", kubernetesVersion(), file.toString());
    }

    @Test
    void everyObjectMatchesTheSchemaOfKindsKubernetesStrictly() {
        DeployTools.Result result = validate(manifests);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a misspelled field      | 'readOnlyRootFilesystem: true' | 'readOnlyRootFilesystm: true'
            a number that is a word | 'replicas: 1'                  | 'replicas: one'
            """)
    void kubernetesValidateRejectsABrokenObject(String what, String find, String replacement, @TempDir Path dir) {
        DeployTools.Result result = validate(breakCopy(manifests, dir.resolve("kind.yaml"), find, replacement));

        assertThat(result.succeeded()).as("%s: %s", what, result.describe()).isFalse();
    }

    private static DeployTools.Result check(Path file) {
        return run(
                DEPLOY_CHECK.toString(),
                "kube",
                "--repo",
                ROOT.toString(),
                "--jaeger",
                JAEGER.toString(),
                "--kubernetes-version",
                "v" + kubernetesVersion().replaceAll("\\.\\d+$", ""),
                file.toString());
    }

    @Test
    void theManifestsPassPodSecurityAndTheProjectRules() {
        DeployTools.Result result = check(manifests);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output())
                .contains("restricted at v" + kubernetesVersion().replaceAll("\\.\\d+$", ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # what breaks                           | text in the built manifests                   | replaced by                                 | expected problem
            a pod running as root                   | 'runAsUser: 10001'                            | 'runAsUser: 0'                              | violates pod security restricted
            privilege escalation allowed            | 'allowPrivilegeEscalation: false'             | 'allowPrivilegeEscalation: true'            | allowPrivilegeEscalation != false
            a capability kept                       | '- ALL'                                       | '- NET_RAW'                                 | unrestricted capabilities
            no seccomp profile                      | 'type: RuntimeDefault'                        | 'type: Unconfined'                          | seccompProfile
            the namespace enforcing only baseline   | 'pod-security.kubernetes.io/enforce: restricted' | 'pod-security.kubernetes.io/enforce: baseline' | not restricted
            readiness on the application port       | 'path: /q/health/ready'                       | 'path: /q/ready'                            | want /q/health/ready on management
            a management port Quarkus does not use  | 'containerPort: 9001'                         | 'containerPort: 9011'                       | but the service listens on 9001
            a container without memory request      | 'memory: 320Mi'                               | 'ephemeral-storage: 320Mi'                  | no memory request
            a Service selecting no pod              | 'selector:\\n    app.kubernetes.io/name: redis' | 'selector:\\n    app.kubernetes.io/name: rediss' | matches no pod template
            a scraped Service hiding not-ready pods | 'publishNotReadyAddresses: true'              | 'publishNotReadyAddresses: false'           | does not publish not-ready addresses
            management ports open to Grafana        | 'name: prometheus\\n    ports:\\n    - port: management' | 'name: grafana\\n    ports:\\n    - port: management' | Prometheus only
            management ports open to everyone       | '  - from:\\n    - podSelector:\\n        matchLabels:\\n          app.kubernetes.io/name: prometheus\\n    ports:\\n    - port: management' | '  - ports:\\n    - port: management' | management port to outside the namespace
            a policy for pods that do not exist     | 'podSelector:\\n    matchLabels:\\n      app.kubernetes.io/name: postgres' | 'podSelector:\\n    matchLabels:\\n      app.kubernetes.io/name: postgresql' | matches no pod
            an autoscaler for a missing Deployment  | '    kind: Deployment'                        | '    kind: StatefulSet'                     | which is not among the manifests
            OTLP to a port the collector lacks      | 'value: http://otel-collector:4318'           | 'value: http://otel-collector:4319'         | Service otel-collector has no port 4319
            the collector listening elsewhere       | 'value: 0.0.0.0:4318'                         | 'value: 0.0.0.0:4319'                       | but its OTELCOL_OTLP_HTTP_ENDPOINT is 0.0.0.0:4319
            the collector exporting to nowhere      | 'value: ''[otlp/jaeger]'''                    | 'value: ''[otlp/nowhere]'''                 | references exporter "otlp/nowhere" which is not configured
            a broken Jaeger configuration           | 'max_traces: ${env:JAEGER_MAX_TRACES:-3000}'  | 'max_tracez: 3000'                          | jaeger validate
            a rule file missing from the cluster    | '  slo.yml: |'                                | '  slo-old.yml: |'                          | has no slo.yml
            a Prometheus target with no Service     | 'user-service.observability-demo.svc:9001'    | 'users.observability-demo.svc:9001'         | names no Service
            """)
    void aBrokenManifestFails(String what, String find, String replacement, String expected, @TempDir Path dir) {
        // \n in the table stands for a line break: some breakages need the lines around them to hit one place.
        Path broken = breakCopy(
                manifests, dir.resolve("kind.yaml"), find.replace("\\n", "\n"), replacement.replace("\\n", "\n"));

        DeployTools.Result result = check(broken);

        assertThat(result.succeeded()).as("%s: %s", what, result.describe()).isFalse();
        assertThat(result.output()).as(what).contains(expected);
    }

    @Test
    void withoutTheDefaultDenyPolicyTheCheckerSaysSo(@TempDir Path dir) {
        Path broken = breakCopy(manifests, dir.resolve("kind.yaml"), """
                spec:
                  podSelector: {}
                  policyTypes:
                  - Ingress
                """, """
                spec:
                  podSelector: {}
                  policyTypes:
                  - Egress
                """);

        DeployTools.Result result = check(broken);

        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat(result.output()).contains("no NetworkPolicy denies ingress by default");
    }

    private static DeployTools.Result checkKindConfig(Path cluster) {
        return run(DEPLOY_CHECK.toString(), "kind-config", "--manifests", manifests.toString(), cluster.toString());
    }

    @Test
    void kindsClusterConfigDecodesStrictlyAndMapsEveryNodePort() {
        DeployTools.Result result = checkKindConfig(KIND_CLUSTER);

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.output()).contains("3 port mapping(s)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a misspelled field             | extraPortMappings:            | extraPortMapping:             | unknown field
            a port on every interface      | listenAddress: 127.0.0.1      | listenAddress: 0.0.0.0        | not 127.0.0.1
            a mapping to no NodePort       | containerPort: 30080          | containerPort: 30081          | no NodePort Service has nodePort 30081
            a node image without digest    | '@sha256:'                    | '-unpinned:'                  | not pinned by digest
            """)
    void aBrokenKindConfigFails(String what, String find, String replacement, String expected, @TempDir Path dir) {
        DeployTools.Result result =
                checkKindConfig(breakCopy(KIND_CLUSTER, dir.resolve("cluster.yaml"), find, replacement));

        assertThat(result.succeeded()).as("%s: %s", what, result.describe()).isFalse();
        assertThat(result.output()).as(what).contains(expected);
    }
}
