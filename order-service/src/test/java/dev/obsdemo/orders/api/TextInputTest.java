package dev.obsdemo.orders.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.obsdemo.orders.OrderRequests.assertProblem;
import static dev.obsdemo.orders.OrderRequests.jsonRequest;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;

import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text that cannot be stored (U+0000) or is no Unicode text (an unpaired surrogate): a 400 naming the field. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class TextInputTest extends OrderServiceTestBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL in a sku                | {"userId":%d,"items":[{"sku":"BOOK-001\\u0000","quantity":1}]}  | items[0].sku | U+0000
            unpaired surrogate in a sku | {"userId":%d,"items":[{"sku":"\\udfff","quantity":1}]}          | items[0].sku | surrogate
            """)
    void anOrderWithTextThatCannotBeStoredIs400NamingTheField(
            String description, String template, String field, String message) {
        assertProblem(jsonRequest(template.formatted(randomUserId())).post("/orders"), 400)
                .body("errors.field", contains(field))
                .body("errors[0].message", containsString(message))
                .body("detail", containsString("'" + field + "'"));
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "GET {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /orders/%00                 | id
            /orders?userId=7%00         | userId
            /orders/stats?userId=%00    | userId
            """)
    void aParameterWithANulIs400NamingIt(String path, String parameter) {
        assertProblem(given().urlEncodingEnabled(false).get(path), 400)
                .body("errors.field", contains(parameter))
                .body("errors[0].message", containsString("U+0000"));
    }
}
