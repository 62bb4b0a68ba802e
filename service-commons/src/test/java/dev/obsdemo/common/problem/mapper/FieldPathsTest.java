package dev.obsdemo.common.problem.mapper;

import static dev.obsdemo.common.problem.mapper.ExampleRequests.jsonFailure;
import static dev.obsdemo.common.problem.mapper.ExampleRequests.order;
import static dev.obsdemo.common.problem.mapper.ExampleRequests.violationsOfBody;
import static dev.obsdemo.common.problem.mapper.ExampleRequests.violationsOfPage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.obsdemo.common.problem.mapper.ExampleRequests.Line;
import jakarta.validation.ConstraintViolation;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldPathsTest {

    private static Set<String> paths(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(FieldPaths::of).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"userId":"7","items":[]}                                     | userId
            {"userId":7,"items":"BOOK-001"}                               | items
            {"userId":7,"items":[{"sku":"A","quantity":"2"}]}             | items[0].quantity
            {"userId":7,"items":[{"sku":"A","quantity":1},{"sku":5}]}     | items[1].sku
            {"userId":7,"items":[{"sku":"A","quantity":1,"price":1}]}     | items[0].price
            {"userId":7,"note":"x"}                                       | note
            {"userId":99999999999999999999}                               | userId
            """)
    void aJacksonFailureIsNamedByItsJsonPath(String json, String path) {
        assertThat(FieldPaths.of((JsonMappingException) jsonFailure(json))).isEqualTo(path);
    }

    @Test
    void aBodyOfTheWrongShapeHasAnEmptyPath() {
        assertThat(FieldPaths.of((JsonMappingException) jsonFailure("[1,2]"))).isEmpty();
        assertThat(FieldPaths.of((JsonMappingException) jsonFailure("{\"userId\":7} {}")))
                .isEmpty();
    }

    @Test
    void aViolationIsNamedByItsPathInTheBodyWithoutMethodAndParameter() {
        assertThat(paths(violationsOfBody(order(0L, new Line("BOOK-001", 1))))).containsExactly("userId");
        assertThat(paths(violationsOfBody(order(7L, new Line("BOOK-001", 1), new Line("mug", 0)))))
                .containsExactlyInAnyOrder("items[1].sku", "items[1].quantity");
        assertThat(paths(violationsOfBody(order(7L, (Line[]) null)))).containsExactly("items");
    }

    @Test
    void anElementOfAListIsNamedByItsIndex() {
        assertThat(paths(violationsOfBody(order(7L, new Line("BOOK-001", 1), null))))
                .containsExactly("items[1]");
    }

    @Test
    void aConstraintOnAParameterItselfIsNamedByTheParameter() {
        assertThat(paths(violationsOfBody(null))).containsExactly("body");
        assertThat(paths(violationsOfPage(-1))).containsExactly("page");
    }
}
