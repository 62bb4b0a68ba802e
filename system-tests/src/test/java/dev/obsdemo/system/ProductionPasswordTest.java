package dev.obsdemo.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged services in the prod profile refuse to start with the development database passwords that are
 * written in the repository (DevPasswordGuard): the process exits with a message that says what to do, and its
 * API port never answers.
 */
class ProductionPasswordTest {

    private final Path root =
            Path.of(System.getProperty("obsdemo.root", "..")).toAbsolutePath().normalize();

    @ParameterizedTest(name = "{0} with DB_PASSWORD={1}")
    @CsvSource({"user-service, users, users_test", "order-service, orders, orders_test"})
    void theProdProfileRefusesADevelopmentPassword(String service, String password, String database)
            throws IOException, InterruptedException {
        Path jar = root.resolve(service + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("build the services first (./mvnw package)").isRegularFile();
        Path log = Files.createDirectories(root.resolve("system-tests/target/stack"))
                .resolve(service + "-dev-password.log");
        int httpPort = LocalStack.freePort();
        ProcessBuilder builder = new ProcessBuilder(LocalStack.javaBinary(), "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .putAll(Map.of(
                        "QUARKUS_HTTP_HOST",
                        "127.0.0.1",
                        "QUARKUS_HTTP_PORT",
                        Integer.toString(httpPort),
                        "QUARKUS_MANAGEMENT_HOST",
                        "127.0.0.1",
                        "QUARKUS_MANAGEMENT_PORT",
                        Integer.toString(LocalStack.freePort()),
                        "QUARKUS_OTEL_SDK_DISABLED",
                        "true",
                        "DB_NAME",
                        database,
                        "DB_PASSWORD",
                        password));
        builder.environment().remove("QUARKUS_PROFILE");
        builder.environment().remove(LocalStack.DEV_PASSWORDS_ALLOWED);

        Process process = builder.start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }

        String output = Files.readString(log);
        assertThat(exited).as("exited by itself; log: %s", output).isTrue();
        assertThat(process.exitValue()).as("exit status; log: %s", output).isNotZero();
        assertThat(output).contains("DB_PASSWORD is a development default");
        assertThat(answers(httpPort)).as("the API port answers").isFalse();
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
