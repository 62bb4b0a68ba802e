package dev.obsdemo.users.api;

import static dev.obsdemo.users.TestUsers.NO_SUCH_USER;
import static dev.obsdemo.users.TestUsers.createUser;
import static dev.obsdemo.users.TestUsers.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.obsdemo.testing.InjectTcpProxy;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API of user-service ({@link UserResource}) and its problem documents, on the real PostgreSQL and Redis. */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(ProxiedRedisResource.class)
class UserResourceTest {

    @InjectTcpProxy
    TcpProxy redisProxy;

    @AfterEach
    void redisBack() {
        redisProxy.restore();
    }

    @Test
    void createsAUserWithLocationAndLowerCasedEmail() {
        String email = uniqueEmail().toUpperCase();
        Response response = given().contentType(ContentType.JSON)
                .body("{\"name\":\"  Ada Lovelace \",\"email\":\"" + email + "\"}")
                .post("/users");
        response.then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("name", equalTo("Ada Lovelace"))
                .body("email", equalTo(email.toLowerCase()))
                .body("createdAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"));
        long id = response.jsonPath().getLong("id");
        response.then().header("Location", endsWith("/users/" + id));

        given().get("/users/{id}", id)
                .then()
                .statusCode(200)
                .body("id", equalTo((int) id))
                .body("email", equalTo(email.toLowerCase()))
                .body("createdAt", equalTo(response.jsonPath().getString("createdAt")));
    }

    @Test
    void unknownUserIs404Problem() {
        given().header("X-Request-ID", "test-404")
                .get("/users/{id}", NO_SUCH_USER)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("X-Request-ID", "test-404")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("does not exist"))
                .body("requestId", equalTo("test-404"));
    }

    @Test
    void nonNumericIdIs400Problem() {
        given().get("/users/abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("\"abc\" is not a valid number"));
        given().get("/users/99999999999999999999").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void duplicateEmailIs409WhateverItsCase() {
        String email = uniqueEmail();
        createUser("First", email);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Second\",\"email\":\"" + email.toUpperCase() + "\"}")
                .post("/users")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/duplicate-email"))
                .body("detail", containsString("already exists"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            blank name            | {"name":"","email":"a@example.com"}                 | name
            missing name          | {"email":"a@example.com"}                           | name
            name too long         | {"name":"%s","email":"a@example.com"}               | name
            invalid email         | {"name":"Ada","email":"not-an-address"}             | email
            null email            | {"name":"Ada","email":null}                         | email
            number as name        | {"name":5,"email":"a@example.com"}                  | name
            array as email        | {"name":"Ada","email":["a@example.com"]}            | email
            unknown field         | {"name":"Ada","email":"a@example.com","role":"x"}   | role
            """)
    void invalidFieldIs400NamingTheField(String caseName, String body, String field) {
        given().contentType(ContentType.JSON)
                .body(body.formatted("x".repeat(101)))
                .post("/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString(field))
                .body("errors.field", hasItem(field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON        | {"name":"Ada",
            duplicate field       | {"name":"Ada","email":"a@example.com","name":"Eve"}
            array body            | [1,2]
            empty body            | ''
            """)
    void unreadableBodyIs400Problem(String caseName, String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", notNullValue())
                .body("requestId", notNullValue());
    }

    @Test
    void nonJsonBodyIs415Problem() {
        given().contentType(ContentType.TEXT)
                .body("name=Ada")
                .post("/users")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIs413Problem() {
        String huge = "{\"name\":\"" + "x".repeat(70_000) + "\",\"email\":\"a@example.com\"}";
        given().contentType(ContentType.JSON)
                .body(huge)
                .post("/users")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("limit"));
    }

    @Test
    void listsUsersPageByPage() {
        long first = createUser("Page One", uniqueEmail());
        createUser("Page Two", uniqueEmail());
        int total = given().get("/users?size=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("totalItems");

        given().queryParam("page", 0)
                .queryParam("size", 2)
                .get("/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("totalItems", equalTo(total));
        // The last page holds the newest user (oldest first ordering).
        given().queryParam("page", total - 1)
                .queryParam("size", 1)
                .get("/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", greaterThan((int) first));
    }

    @ParameterizedTest
    @CsvSource({"size,0", "size,101", "size,abc", "page,-1", "page,99999999999"})
    void invalidPagingIs400(String parameter, String value) {
        given().queryParam(parameter, value)
                .get("/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void updateReplacesNameAndEmail() {
        long id = createUser("Before", uniqueEmail());
        String newEmail = uniqueEmail();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"After\",\"email\":\"" + newEmail + "\"}")
                .put("/users/{id}", id)
                .then()
                .statusCode(200)
                .body("name", equalTo("After"))
                .body("email", equalTo(newEmail));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"After\",\"email\":\"" + newEmail + "\"}")
                .put("/users/{id}", NO_SUCH_USER)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void requestIdIsKeptWhenValidAndReplacedWhenHostile() {
        given().header("X-Request-ID", "client-id_1.2:3")
                .get("/users?size=1")
                .then()
                .header("X-Request-ID", "client-id_1.2:3");
        String tooLong = "a".repeat(129);
        given().header("X-Request-ID", tooLong)
                .get("/users?size=1")
                .then()
                .header("X-Request-ID", matchesPattern("[0-9a-f-]{36}"));
        given().header("X-Request-ID", "has spaces and ümlauts")
                .get("/users?size=1")
                .then()
                .header("X-Request-ID", matchesPattern("[0-9a-f-]{36}"));
        given().get("/users?size=1")
                .then()
                .header("X-Request-ID", matchesPattern("[0-9a-f-]{36}"))
                .time(lessThanOrEqualTo(5_000L));
    }
}
