package dev.obsdemo.common.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a service whose database password is one of the development defaults that are written in
 * the repository ({@code obsdemo.security.dev-passwords}: {@code users} for user-service, {@code orders} for
 * order-service, the passwords of {@code scripts/infra-up.sh}). A production deployment that forgot to set a
 * secret must fail at start with a message that says so, not run with a password everyone can read (OWASP ASVS
 * 4.0, 2.10.4 and 14.1.3).
 *
 * <p>It runs first among the start-up observers, so the service never opens its port with such a password;
 * Quarkus' own start-up work (Flyway's migration) has run by then.
 *
 * <p>Active in the {@code prod} profile; off in {@code dev}, {@code test} and {@code local} (the laptop stack of
 * {@code scripts/stack.sh}, which uses the databases of {@code scripts/infra-up.sh}), through
 * {@code obsdemo.security.refuse-dev-passwords} in service-commons' {@code microprofile-config.properties}.
 */
@ApplicationScoped
public class DevPasswordGuard {

    private final boolean refuse;
    private final Optional<String> password;
    private final List<String> devPasswords;

    public DevPasswordGuard(
            @ConfigProperty(name = "obsdemo.security.refuse-dev-passwords", defaultValue = "true") boolean refuse,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "obsdemo.security.dev-passwords") Optional<List<String>> devPasswords) {
        this.refuse = refuse;
        this.password = password;
        this.devPasswords = devPasswords.orElse(List.of());
    }

    // Before every other start-up observer: nothing of the service runs with a known password.
    void check(@Observes @Priority(1) StartupEvent started) {
        problem(refuse, password, devPasswords).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /**
     * The reason to refuse, if any.
     *
     * @param refuse whether the profile refuses development passwords
     * @param password {@code quarkus.datasource.password}, empty for a service without a database
     * @param devPasswords the development defaults of this service
     * @return the message the start fails with; empty when the password is not a development default
     */
    static Optional<String> problem(boolean refuse, Optional<String> password, List<String> devPasswords) {
        if (!refuse || password.isEmpty() || !devPasswords.contains(password.get())) {
            return Optional.empty();
        }
        return Optional.of("DB_PASSWORD is a development default written in the repository; set the database "
                + "password to a secret of its own (or run with the 'dev' or 'local' profile on a laptop)");
    }
}
