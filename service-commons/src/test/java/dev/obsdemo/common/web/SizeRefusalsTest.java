package dev.obsdemo.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which downstream statuses say that the caller sent too much, and what the caller answers instead. */
class SizeRefusalsTest {

    @ParameterizedTest
    @ValueSource(ints = {413, 414, 431})
    void aRefusalForSizeIsTheCallersFailureA502(int status) {
        assertThat(SizeRefusals.isSizeRefusal(status)).isTrue();
        assertThat(SizeRefusals.asGatewayFailure(status, "Too Large").status()).isEqualTo(502);
        assertThat(SizeRefusals.asGatewayFailure(status, "Too Large").getMessage())
                .contains(Integer.toString(status));
        assertThat(SizeRefusals.asGatewayFailure(status, "Too Large").retryAfterSeconds())
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 415, 422, 429, 500, 503})
    void anyOtherStatusIsNot(int status) {
        assertThat(SizeRefusals.isSizeRefusal(status)).isFalse();
    }
}
