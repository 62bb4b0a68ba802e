package dev.obsdemo.common.problem.mapper;

import static dev.obsdemo.common.problem.mapper.ExampleRequests.jsonFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.problem.Problem.FieldError;
import dev.obsdemo.common.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonInputMapperTest {

    private static ProblemException problemFor(String json) {
        return JsonInputMapper.toProblem(jsonFailure(json));
    }

    private static void assertInvalidRequest(ProblemException problem) {
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).hasToString("https://obsdemo.dev/problems/invalid-request");
        assertThat(problem.title()).isEqualTo("Bad Request");
        assertThat(problem.retryAfterSeconds()).isNull();
    }

    @Test
    void anUnknownFieldIsNamedAndRejected() {
        ProblemException problem =
                problemFor("{\"userId\":7,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPriceCents\":1}]}");

        assertInvalidRequest(problem);
        assertThat(problem)
                .hasMessage("Unknown field 'items[0].unitPriceCents': this API rejects fields it does not define");
        assertThat(problem.errors()).containsExactly(new FieldError("items[0].unitPriceCents", "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a number as a string   | {"userId":"7"}                                        | userId            | must be an integer
            a word as a number     | {"userId":7,"items":[{"sku":"A","quantity":"x"}]}     | items[0].quantity | must be an integer
            a number as a name     | {"userId":7,"items":[{"sku":5,"quantity":1}]}         | items[0].sku      | '5' is not a string
            a string as a list     | {"userId":7,"items":"BOOK-001"}                       | items             | must be an array
            """)
    void aValueOfTheWrongTypeIsNamedWithWhatWasExpected(String description, String json, String field, String message) {
        ProblemException problem = problemFor(json);

        assertInvalidRequest(problem);
        assertThat(problem).hasMessage("Invalid field '" + field + "': " + message);
        assertThat(problem.errors()).containsExactly(new FieldError(field, message));
    }

    @Test
    void aFieldSentTwiceIsNamed() {
        ProblemException problem = problemFor("{\"userId\":7,\"userId\":8}");

        assertInvalidRequest(problem);
        assertThat(problem).hasMessage("Field 'userId' appears more than once");
        assertThat(problem.errors()).containsExactly(new FieldError("userId", "appears more than once"));
    }

    @Test
    void aFieldSentTwiceInAnItemIsNamedByItsPath() {
        ProblemException problem =
                problemFor("{\"userId\":7,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"quantity\":2}]}");

        assertThat(problem.errors()).containsExactly(new FieldError("items[0].quantity", "appears more than once"));
    }

    @Test
    void aNumberOutOfRangeIsNamed() {
        ProblemException problem = problemFor("{\"userId\":99999999999999999999}");

        assertInvalidRequest(problem);
        assertThat(problem.getMessage()).startsWith("Invalid field 'userId': ").contains("out of range");
        assertThat(problem.errors()).containsExactly(new FieldError("userId", "invalid value"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a NUL in a sku                  | {"userId":7,"items":[{"sku":"A\\u0000","quantity":1}]}                    | items[0].sku | must not contain U+0000 (NUL), which cannot be stored
            an unpaired surrogate in a sku  | {"userId":7,"items":[{"sku":"A","quantity":1},{"sku":"\\ud800","quantity":1}]} | items[1].sku | must not contain an unpaired surrogate (U+D800): it is not a character
            """)
    void textThatCannotBeStoredIsNamedWithTheReason(String description, String json, String field, String message) {
        ProblemException problem = problemFor(json);

        assertInvalidRequest(problem);
        assertThat(problem).hasMessage("Invalid field '" + field + "': " + message);
        assertThat(problem.errors()).containsExactly(new FieldError(field, message));
    }

    @Test
    void malformedJsonSaysWhereAndNamesNoField() {
        ProblemException problem = problemFor("{\"userId\":7,}");

        assertInvalidRequest(problem);
        assertThat(problem.getMessage()).startsWith("Malformed JSON at line 1, column 13: ");
        assertThat(problem.errors()).isEmpty();
    }

    @Test
    void truncatedJsonSaysWhereItEnded() {
        assertThat(problemFor("{\"userId\":7,\"items\":[").getMessage())
                .startsWith("Malformed JSON")
                .contains("end-of-input");
    }

    @Test
    void contentAfterTheValueOrAnArrayBodyIsTheWrongShape() {
        ProblemException trailing = problemFor("{\"userId\":7} {\"userId\":8}");
        ProblemException array = problemFor("[1,2]");

        assertInvalidRequest(trailing);
        assertThat(trailing.getMessage()).startsWith("The request body has the wrong shape: Trailing token");
        assertThat(trailing.errors()).isEmpty();
        assertThat(array.getMessage()).startsWith("The request body has the wrong shape: ");
        assertThat(array.errors()).isEmpty();
    }
}
