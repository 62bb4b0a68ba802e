package dev.obsdemo.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.obsdemo.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.obsdemo.gateway.GatewayTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Text that cannot be stored (U+0000) or is no Unicode text (an unpaired surrogate) is refused by the gateway
 * itself, as a 400 naming the field: it never reaches a service behind it, so it can neither fail there nor count
 * against that service's circuit breaker.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(
        value = WireMockResource.class,
        initArgs = @ResourceArg(name = "clients", value = "user-service,order-service"))
@WithTestResource(ProxiedRedisResource.class)
class TextInputTest extends GatewayTestBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL in a user's name            | /api/users  | {"name":"x\\u0000y","email":"a@example.org"}                  | name         | U+0000
            unpaired surrogate in an e-mail | /api/users  | {"name":"Ada","email":"a\\ud800@example.org"}                 | email        | surrogate
            NUL in an order's sku           | /api/orders | {"userId":7,"items":[{"sku":"BOOK\\u0000","quantity":1}]}     | items[0].sku | U+0000
            """)
    void aBodyWithTextThatCannotBeStoredIs400NamingTheFieldAndIsNotForwarded(
            String description, String path, String body, String field, String message) {
        JsonPath problem =
                assertProblem(given().contentType(ContentType.JSON).body(body).post(path), 400);

        assertEquals(List.of(field), problem.getList("errors.field"));
        assertThat(problem.getString("errors[0].message"), containsString(message));
        assertThat(problem.getString("detail"), containsString("'" + field + "'"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "GET {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/users/%00          | id
            /api/orders/4%002       | id
            /api/users/7%00/summary | id
            """)
    void aPathParameterWithANulIs400NamingIt(String path, String parameter) {
        JsonPath problem = assertProblem(given().urlEncodingEnabled(false).get(path), 400);

        assertEquals(List.of(parameter), problem.getList("errors.field"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }
}
