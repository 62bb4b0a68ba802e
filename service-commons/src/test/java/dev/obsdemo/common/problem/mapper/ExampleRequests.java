package dev.obsdemo.common.problem.mapper;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.common.json.StrictJsonCustomizer;
import dev.obsdemo.common.text.StorableTextCustomizer;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * A request body shaped like the services' (an order with items), read by the services' strict Jackson
 * settings and validated by Hibernate Validator as a resource method's parameter, so the tests see the same
 * exceptions the mappers get, without booting Quarkus.
 */
final class ExampleRequests {

    record Order(
            @NotNull @Positive Long userId,
            @NotNull @Size(min = 1, max = 50) @Valid List<@NotNull Line> items) {}

    record Line(
            @NotBlank @Pattern(regexp = "[A-Z0-9-]{1,32}") String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity) {}

    /** Stands in for a resource: the validator sees the same method and parameter nodes as in a service. */
    static class OrderResource {

        public void create(@NotNull(message = "a JSON body is required") @Valid Order body) {}

        public void list(@Min(0) int page) {}
    }

    private static final ObjectMapper STRICT_JSON = strictJson();
    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator()) // no expression language needed
            .buildValidatorFactory()
            .getValidator();

    private ExampleRequests() {}

    private static ObjectMapper strictJson() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJsonCustomizer().customize(mapper);
        new StorableTextCustomizer().customize(mapper);
        return mapper;
    }

    /** What Jackson throws for {@code json} read as an {@link Order}; fails when it reads fine. */
    static JsonProcessingException jsonFailure(String json) {
        return assertThatExceptionOfType(JsonProcessingException.class)
                .isThrownBy(() -> STRICT_JSON.readValue(json, Order.class))
                .actual();
    }

    /** The violations of {@code body} as the body parameter of {@code POST /orders}. */
    static Set<ConstraintViolation<OrderResource>> violationsOfBody(Order body) {
        return violationsOf("create", Order.class, body);
    }

    /** The violations of {@code page} as a query parameter. */
    static Set<ConstraintViolation<OrderResource>> violationsOfPage(int page) {
        return violationsOf("list", int.class, page);
    }

    private static Set<ConstraintViolation<OrderResource>> violationsOf(
            String method, Class<?> parameterType, Object argument) {
        try {
            return VALIDATOR
                    .forExecutables()
                    .validateParameters(
                            new OrderResource(),
                            OrderResource.class.getMethod(method, parameterType),
                            new Object[] {argument});
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static Order order(Long userId, Line... items) {
        return new Order(userId, items == null ? null : Arrays.asList(items));
    }
}
