package dev.obsdemo.common.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which answers of a called service its callers' circuit breakers count, and what the 503 then says. */
class DownstreamRequestFailureTest {

    @ParameterizedTest(name = "{0} answers one request")
    @CsvSource(delimiter = '|', textBlock = """
            500 | user-service failed on this request with 500 Internal Server Error
            501 | user-service failed on this request with 501 Not Implemented
            502 | user-service failed on this request with 502 Bad Gateway
            505 | user-service failed on this request with 505 HTTP Version Not Supported
            599 | user-service failed on this request with 599
            """)
    void aServerErrorOtherThan503Or504AnswersOneRequest(int status, String message) {
        DownstreamRequestFailure failure = DownstreamRequestFailure.of(
                "user-service", Response.status(status).build());

        assertThat(failure).isNotNull().hasMessage(message);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.service()).isEqualTo("user-service");
        assertThat(ProblemException.dependencyUnavailable("user-service", failure))
                .hasMessage(message)
                .satisfies(problem -> assertThat(problem.status()).isEqualTo(503));
    }

    @ParameterizedTest(name = "{0} is not one")
    @ValueSource(ints = {200, 201, 400, 404, 409, 422, 429, 503, 504})
    void successesClientErrorsAnd503Or504AreNot(int status) {
        assertThat(DownstreamRequestFailure.of(
                        "user-service", Response.status(status).build()))
                .isNull();
    }

    @ParameterizedTest(name = "{0} means unavailable")
    @ValueSource(ints = {503, 504})
    void only503And504SayTheServiceIsUnavailable(int status) {
        assertThat(DownstreamRequestFailure.meansUnavailable(status)).isTrue();
        assertThat(DownstreamRequestFailure.meansUnavailable(500)).isFalse();
        assertThat(DownstreamRequestFailure.meansUnavailable(502)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aCallerThatCannotCompleteItsRequestBecauseOfOneAnswers502WithoutRetryAfter() {
        DownstreamRequestFailure failure =
                DownstreamRequestFailure.of("user-service", Response.status(500).build());

        ProblemException problem =
                ProblemException.dependencyFailed(failure.getMessage() + ": cannot check user 7", failure);

        assertThat(problem.status()).isEqualTo(502);
        assertThat(problem.type()).hasToString("https://obsdemo.dev/problems/dependency-failed");
        assertThat(problem.title()).isEqualTo("Bad Gateway");
        assertThat(problem.retryAfterSeconds()).isNull();
        assertThat(problem)
                .hasMessage("user-service failed on this request with 500 Internal Server Error: cannot check user 7");
    }
}
