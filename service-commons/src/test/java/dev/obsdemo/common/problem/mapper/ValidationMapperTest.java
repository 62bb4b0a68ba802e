package dev.obsdemo.common.problem.mapper;

import static dev.obsdemo.common.problem.mapper.ExampleRequests.order;
import static dev.obsdemo.common.problem.mapper.ExampleRequests.violationsOfBody;
import static dev.obsdemo.common.problem.mapper.ExampleRequests.violationsOfPage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obsdemo.common.problem.Problem.FieldError;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.mapper.ExampleRequests.Line;
import org.junit.jupiter.api.Test;

class ValidationMapperTest {

    @Test
    void oneViolationIsNamedInTheDetail() {
        ProblemException problem = ValidationMapper.toProblem(violationsOfBody(order(7L, new Line("BOOK-001", 0))));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).hasToString("https://obsdemo.dev/problems/invalid-request");
        assertThat(problem).hasMessage("Invalid field 'items[0].quantity': must be greater than or equal to 1");
        assertThat(problem.errors())
                .containsExactly(new FieldError("items[0].quantity", "must be greater than or equal to 1"));
    }

    @Test
    void severalViolationsAreCountedAndSortedByField() {
        ProblemException problem = ValidationMapper.toProblem(violationsOfBody(order(-3L, new Line("", 1))));

        assertThat(problem.getMessage()).startsWith("3 fields are invalid: items[0].sku, userId");
        assertThat(problem.errors())
                .extracting(FieldError::field)
                .containsExactly("items[0].sku", "items[0].sku", "userId");
    }

    @Test
    void aMissingBodyIsNamedByTheParameterWithTheResourcesMessage() {
        ProblemException problem = ValidationMapper.toProblem(violationsOfBody(null));

        assertThat(problem).hasMessage("Invalid field 'body': a JSON body is required");
    }

    @Test
    void aQueryParameterIsNamedByItsName() {
        assertThat(ValidationMapper.toProblem(violationsOfPage(-1)).errors())
                .containsExactly(new FieldError("page", "must be greater than or equal to 0"));
    }
}
