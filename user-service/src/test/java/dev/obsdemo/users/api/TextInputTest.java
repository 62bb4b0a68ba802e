package dev.obsdemo.users.api;

import static dev.obsdemo.users.TestUsers.createUser;
import static dev.obsdemo.users.TestUsers.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.obsdemo.testing.ProxiedRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Text that PostgreSQL cannot store (U+0000) or that is not Unicode text at all (an unpaired surrogate, which
 * JSON's {@code \\u} escapes can spell) is the client's error: a 400 naming the field, in every string field of a
 * body and every path and query parameter, never a 500.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(ProxiedRedisResource.class)
class TextInputTest {

    /** The body with {@code %e} replaced by an e-mail address no other test uses. */
    private static String body(String template) {
        return template.replace("%e", uniqueEmail());
    }

    private static void assertRejectedNaming(Response response, String field, String message) {
        response.then()
                .log()
                .ifValidationFails()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://obsdemo.dev/problems/invalid-request"))
                .body("detail", containsString("'" + field + "'"))
                .body("errors.field", contains(field))
                .body("errors[0].message", containsString(message))
                .body("requestId", notNullValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL inside the name           | {"name":"x\\u0000y","email":"%e"}       | name  | U+0000
            NUL alone as the name         | {"name":"\\u0000","email":"%e"}         | name  | U+0000
            NUL inside the e-mail         | {"name":"Ada","email":"a\\u0000@example.com"} | email | U+0000
            unpaired high surrogate       | {"name":"x\\ud800y","email":"%e"}       | name  | surrogate
            unpaired low surrogate        | {"name":"\\udc00","email":"%e"}         | name  | surrogate
            surrogates in the wrong order | {"name":"\\ude00\\ud83d","email":"%e"}  | name  | surrogate
            """)
    void creatingAUserWithTextThatCannotBeStoredIs400NamingTheField(
            String description, String template, String field, String message) {
        Response response =
                given().contentType(ContentType.JSON).body(body(template)).post("/users");

        assertRejectedNaming(response, field, message);
    }

    @Test
    void replacingAUsersNameWithANulIs400NamingTheName() {
        long id = createUser("Before", uniqueEmail());

        Response response = given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\\u0000y\",\"email\":\"" + uniqueEmail() + "\"}")
                .put("/users/{id}", id);

        assertRejectedNaming(response, "name", "U+0000");
        given().get("/users/{id}", id).then().statusCode(200).body("name", equalTo("Before"));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneWrittenAsASurrogatePairIsStoredAsItIs() {
        // U+1F600 as JSON escapes it: a valid pair, one character.
        Response created = given().contentType(ContentType.JSON)
                .body("{\"name\":\"Ada \\ud83d\\ude00\",\"email\":\"" + uniqueEmail() + "\"}")
                .post("/users");

        created.then().statusCode(201).body("name", equalTo("Ada \uD83D\uDE00"));
        given().get("/users/{id}", created.jsonPath().getLong("id"))
                .then()
                .statusCode(200)
                .body("name", equalTo("Ada \uD83D\uDE00"));
    }

    @ParameterizedTest(name = "GET {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /users/%00          | id
            /users/1%002        | id
            /users?page=%00     | page
            /users?size=1%00    | size
            """)
    void aParameterWithANulIs400NamingTheParameter(String path, String parameter) {
        Response response = given().urlEncodingEnabled(false).get(path);

        assertRejectedNaming(response, parameter, "U+0000");
    }
}
