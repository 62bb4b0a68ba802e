package dev.obsdemo.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a service refuses to start for its database password. */
class DevPasswordGuardTest {

    private static final List<String> DEV = List.of("users");

    @Test
    void aDevelopmentDefaultIsRefusedWithAMessageThatSaysWhatToDo() {
        assertThat(DevPasswordGuard.problem(true, Optional.of("users"), DEV))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("DB_PASSWORD")
                        .contains("development default")
                        .doesNotContain("users"));
    }

    @Test
    void aSecretOfItsOwnIsAccepted() {
        assertThat(DevPasswordGuard.problem(true, Optional.of("s3cr3t-from-a-vault"), DEV))
                .isEmpty();
        assertThat(DevPasswordGuard.problem(true, Optional.of("Users"), DEV)).isEmpty();
    }

    @Test
    void profilesThatAllowTheDefaultsAndServicesWithoutADatabaseAreNotChecked() {
        assertThat(DevPasswordGuard.problem(false, Optional.of("users"), DEV)).isEmpty();
        assertThat(DevPasswordGuard.problem(true, Optional.empty(), DEV)).isEmpty();
        assertThat(DevPasswordGuard.problem(true, Optional.of("users"), List.of()))
                .isEmpty();
    }
}
