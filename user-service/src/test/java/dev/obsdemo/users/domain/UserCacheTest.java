package dev.obsdemo.users.domain;

import static dev.obsdemo.users.TestUsers.NO_SUCH_USER;
import static dev.obsdemo.users.TestUsers.createUser;
import static dev.obsdemo.users.TestUsers.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import dev.obsdemo.testing.InjectTcpProxy;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.TcpProxy;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cache-aside of single users ({@link UserCache}, {@link UserCacheAside}) in the real Redis, and what happens when
 * Redis goes away and comes back.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(ProxiedRedisResource.class)
class UserCacheTest {

    @InjectTcpProxy
    TcpProxy redisProxy;

    @Inject
    RedisDataSource redis;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @AfterEach
    void redisBack() {
        redisProxy.restore();
        circuitBreakers.resetAll();
    }

    private String cached(long id) {
        return redis.value(String.class).get("user-service:user:" + id);
    }

    @Test
    void readPutsTheUserInRedisWithATtl() {
        long id = createUser("Cached", uniqueEmail());
        assertThat(cached(id)).isNull();

        given().get("/users/{id}", id).then().statusCode(200);

        assertThat(cached(id)).contains("\"name\":\"Cached\"");
        long ttl = redis.key().ttl("user-service:user:" + id);
        assertThat(ttl).isBetween(1L, 600L);
    }

    @Test
    void secondReadIsServedFromRedis() {
        long id = createUser("Original", uniqueEmail());
        given().get("/users/{id}", id).then().statusCode(200);
        // Change the cached copy behind the service's back: the next read must come from Redis.
        String tampered = cached(id).replace("\"name\":\"Original\"", "\"name\":\"FromCache\"");
        redis.value(String.class).set("user-service:user:" + id, tampered);

        given().get("/users/{id}", id).then().statusCode(200).body("name", equalTo("FromCache"));
    }

    @Test
    void updateEvictsTheCachedCopy() {
        long id = createUser("Old Name", uniqueEmail());
        given().get("/users/{id}", id).then().body("name", equalTo("Old Name"));
        assertThat(cached(id)).isNotNull();

        given().contentType(ContentType.JSON)
                .body("{\"name\":\"New Name\",\"email\":\"" + uniqueEmail() + "\"}")
                .put("/users/{id}", id)
                .then()
                .statusCode(200);

        assertThat(cached(id)).isNull();
        given().get("/users/{id}", id).then().body("name", equalTo("New Name"));
    }

    @Test
    void redisDownFallsBackToPostgresqlQuickly() {
        long id = createUser("Survivor", uniqueEmail());
        redisProxy.cut();

        for (int i = 0; i < 10; i++) {
            given().get("/users/{id}", id)
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("Survivor"))
                    .time(lessThan(2_000L));
        }
        // Writes do not need Redis either.
        createUser("Created while Redis is down", uniqueEmail());
        given().get("/users/{id}", NO_SUCH_USER).then().statusCode(404);
    }

    @Test
    void changeMadeWhileRedisIsDownIsNotHiddenByAStaleCopyAfterwards() {
        long id = createUser("Before Outage", uniqueEmail());
        given().get("/users/{id}", id).then().body("name", equalTo("Before Outage"));
        assertThat(cached(id)).isNotNull();

        redisProxy.cut();
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"During Outage\",\"email\":\"" + uniqueEmail() + "\"}")
                .put("/users/{id}", id)
                .then()
                .statusCode(200);
        redisProxy.restore();
        circuitBreakers.resetAll();

        // The eviction that failed during the outage is retried before the cache is read again.
        given().get("/users/{id}", id).then().statusCode(200).body("name", equalTo("During Outage"));
        assertThat(cached(id)).contains("During Outage");
    }
}
