package dev.obsdemo.users;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.UUID;

/** Users created through the API for a test, with data no other test uses, and an ID no test creates. */
public final class TestUsers {

    /** An ID no test ever creates. */
    public static final long NO_SUCH_USER = 999_999_999_999_999_999L;

    private TestUsers() {}

    /** An e-mail address no other test uses. */
    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** Creates a user with {@code POST /users}, asserts the 201, and returns the new ID. */
    public static long createUser(String name, String email) {
        return given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"email\":\"" + email + "\"}")
                .post("/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }
}
