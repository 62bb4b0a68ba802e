package dev.obsdemo.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadParametersTest {

    private static LoadParameters of(Map<String, String> properties) {
        return LoadParameters.from(name -> properties.get(name));
    }

    @Test
    void theDefaultsStayWellUnderTheGatewaysRateLimit() {
        LoadParameters defaults = of(Map.of());

        assertThat(defaults.profile()).isEqualTo("default");
        assertThat(defaults.baseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(defaults.peakUsersPerSec() * LoadParameters.MAX_REQUESTS_PER_SESSION)
                .isLessThanOrEqualTo(0.8 * 100);
        assertThat(defaults.totalSeconds()).isEqualTo(15 + 40 + 10 + 10);
        assertThat(defaults.mixPercent().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aSpikeThatWouldMeetTheRateLimitIsRefused() {
        assertThatThrownBy(() -> of(Map.of("load.spikeUsersPerSec", "30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("429");
        // The same spike is allowed when the gateway's limit was raised and the simulation is told so.
        assertThat(of(Map.of("load.spikeUsersPerSec", "30", "load.rateLimit", "1000"))
                        .peakUsersPerSec())
                .isEqualTo(30.0);
    }

    @Test
    void theMixIsWeightedAndKindsWithWeightZeroAreLeftOut() {
        LoadParameters parameters = of(Map.of("load.mix", "createUser=1,placeOrder=3"));

        assertThat(parameters.mixPercent())
                .containsExactly(
                        Map.entry(LoadParameters.Mix.createUser, 25.0), Map.entry(LoadParameters.Mix.placeOrder, 75.0));
    }

    @Test
    void nonsenseIsRefusedWithTheNameOfTheParameter() {
        assertThatThrownBy(() -> of(Map.of("load.mix", "browse=3"))).hasMessageContaining("unknown kind 'browse'");
        assertThatThrownBy(() -> of(Map.of("load.usersPerSec", "many"))).hasMessageContaining("load.usersPerSec");
        assertThatThrownBy(() -> of(Map.of("load.profile", "stress"))).hasMessageContaining("load.profile");
    }
}
