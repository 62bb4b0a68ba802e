package dev.obsdemo.system.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.system.LocalStack;
import dev.obsdemo.system.LocalStack.Service;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema-driven fuzzing of the public API: schemathesis 4 reads the gateway's own OpenAPI document
 * ({@code /q/openapi} on its management port) and sends what it derives from it (the schema's edge values,
 * random valid and invalid bodies, path IDs and headers, and chains of calls along the links it infers, such as
 * creating a user and then reading it) to the three packaged services running as processes ({@link LocalStack},
 * free ports, the test databases). Every response must pass four checks:
 *
 * <ul>
 *   <li>{@code not_a_server_error}: no 5xx, whatever the input (the services behind the gateway are up, so a 503
 *       here is an input that broke a service);
 *   <li>{@code status_code_conformance}: the status is one the operation documents;
 *   <li>{@code content_type_conformance}: the content type is the one documented for that status
 *       ({@code application/json}, or {@code application/problem+json} for every error);
 *   <li>{@code response_schema_conformance}: the body matches the documented schema, for errors the
 *       {@code Problem} schema with its required members and the request ID.
 * </ul>
 *
 * <p>Bounded: {@value #EXAMPLES} test cases per operation and phase (fuzzing, the schema's coverage cases, the
 * stateful chains), one worker, a 10 s timeout per request, and the whole run is killed and failed after
 * {@link #TIME_LIMIT}. It takes about 40 s on 2 cores, plus the 25 s the stack needs to start. The gateway's
 * rate limit is raised for the run ({@code RATE_LIMIT_REQUESTS}), so 429s cannot make it flaky; 429 itself is
 * tested in gateway-service's {@code RateLimitTest}.
 *
 * <p>Each run draws a new seed, printed in the report: {@code -Dfuzz.seed=<seed>} repeats a run,
 * {@code -Dfuzz.examples=<n>} changes its size. Output in {@code system-tests/target/fuzz/}: schemathesis'
 * report ({@code schemathesis.log}, with a curl command for each failure) and JUnit XML.
 *
 * <p>NUL characters are generated in every string ({@code -Dfuzz.allow-nul=false} turns them off): PostgreSQL
 * cannot store U+0000 in text, and the services must answer such input with a 400 naming the field, never a 5xx.
 */
class FuzzGatewayTest {

    private static final Path ROOT =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();
    private static final Path SCHEMATHESIS = ROOT.resolve(".tools/fuzz-venv/bin/schemathesis");
    private static final Path OUTPUT = ROOT.resolve("system-tests/target/fuzz");
    private static final int EXAMPLES = Integer.getInteger("fuzz.examples", 100);
    private static final Duration TIME_LIMIT = Duration.ofSeconds(150);
    private static final String CHECKS =
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        assertThat(Files.isExecutable(SCHEMATHESIS))
                .as("%s is not installed: run scripts/install-deps.sh fuzz (make test does)", SCHEMATHESIS)
                .isTrue();
        stack = new LocalStack("fuzz")
                .with("gateway-service", "RATE_LIMIT_REQUESTS", "1000000")
                .start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyResponseToGeneratedInputIsDocumentedAndNoneIsAServerError() throws Exception {
        Service gateway = stack.gateway();
        String spec = gateway.managementUrl() + "/q/openapi?format=json";
        int operations = countOperations(spec);
        assertThat(operations).as("operations in %s", spec).isPositive();

        Files.createDirectories(OUTPUT);
        Path log = OUTPUT.resolve("schemathesis.log");
        List<String> command = new ArrayList<>(List.of(
                SCHEMATHESIS.toString(),
                "run",
                spec,
                "--url",
                gateway.url(),
                "--checks",
                CHECKS,
                "--max-examples",
                Integer.toString(EXAMPLES),
                "--continue-on-failure",
                "--workers",
                "1",
                "--request-timeout",
                "10",
                "--generation-database",
                "none",
                "--generation-allow-x00",
                System.getProperty("fuzz.allow-nul", "true"),
                "--report",
                "junit",
                "--report-junit-path",
                OUTPUT.resolve("junit.xml").toString(),
                "--no-color"));
        String seed = System.getProperty("fuzz.seed", "");
        if (!seed.isBlank()) {
            command.addAll(List.of("--seed", seed));
        }
        Process fuzz = new ProcessBuilder(command)
                .directory(OUTPUT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = fuzz.waitFor(TIME_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            fuzz.destroyForcibly().waitFor();
        }
        String report = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(finished)
                .as("schemathesis finished within %d s; report so far:%n%s", TIME_LIMIT.toSeconds(), report)
                .isTrue();
        assertThat(fuzz.exitValue())
                .as("schemathesis found failures (report: %s):%n%s", log, report)
                .isZero();
        assertThat(count(report, "Selected: (\\d+)/(\\d+)"))
                .as("operations selected, in %s", log)
                .isEqualTo(operations);
        assertThat(count(report, "Tested: (\\d+)"))
                .as("operations tested, in %s", log)
                .isEqualTo(operations);

        // A 5xx the gateway did not let through (it turns a downstream failure into its own 503) still shows as
        // an ERROR in the service that failed: none of the three may have one.
        for (Service service : List.of(gateway, stack.users(), stack.orders())) {
            assertThat(service.errorLines())
                    .as("ERROR lines in %s after fuzzing", service.log())
                    .isEmpty();
        }
    }

    private static int countOperations(String spec) throws IOException {
        JsonNode document = new ObjectMapper().readTree(URI.create(spec).toURL());
        int count = 0;
        for (JsonNode path : document.path("paths")) {
            for (Iterator<String> methods = path.fieldNames(); methods.hasNext(); ) {
                if (METHODS.contains(methods.next())) {
                    count++;
                }
            }
        }
        return count;
    }

    private static int count(String report, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(report);
        assertThat(matcher.find()).as("'%s' in schemathesis' summary", regex).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
