package dev.obsdemo.orders.api;

import static dev.obsdemo.orders.OrderRequests.REPLAYED;
import static dev.obsdemo.orders.OrderRequests.newKey;
import static dev.obsdemo.orders.OrderRequests.orderBody;
import static dev.obsdemo.orders.OrderRequests.placeOrder;
import static dev.obsdemo.orders.OrderRequests.randomUserId;
import static dev.obsdemo.orders.OrderRequests.stubUserExists;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.obsdemo.orders.OrderServiceTestBase;
import dev.obsdemo.orders.domain.Order;
import dev.obsdemo.testing.ProxiedRedisResource;
import dev.obsdemo.testing.WireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Idempotency-Key's syntax and scope at order-service's edge: the quoted form of the IETF draft
 * (a Structured Field String) names the same key as the bare form, and a key belongs to the user the order is
 * for, as payment APIs scope keys to the account that sends them: another user's identical key is another key.
 */
@QuarkusTest
@Tag("quarkus")
@WithTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "clients", value = "user-service"))
@WithTestResource(ProxiedRedisResource.class)
class IdempotencyKeyScopeTest extends OrderServiceTestBase {

    @Test
    void theQuotedFormOfTheDraftIsTheSameKeyAsTheBareForm() {
        long userId = randomUserId();
        stubUserExists(wireMock, userId);
        String body = orderBody(userId, "BOOK-001", 1);
        String key = newKey();

        Response quoted = placeOrder(body, "\"" + key + "\"");
        quoted.then().statusCode(201).header(REPLAYED, nullValue());
        Response bare = placeOrder(body, key);

        bare.then().statusCode(200).header(REPLAYED, "true");
        assertEquals(quoted.jsonPath().getLong("id"), bare.jsonPath().getLong("id"));
        assertEquals(1, Order.count("userId", userId));
    }

    @Test
    void twoUsersWithTheSameKeyEachGetTheirOwnOrder() {
        long first = randomUserId();
        long second = randomUserId();
        stubUserExists(wireMock, first);
        stubUserExists(wireMock, second);
        String key = newKey();

        Response firstOrder = placeOrder(orderBody(first, "BOOK-001", 1), key);
        Response secondOrder = placeOrder(orderBody(second, "BOOK-001", 1), key);

        firstOrder.then().statusCode(201);
        secondOrder.then().statusCode(201).header(REPLAYED, nullValue());
        assertNotEquals(
                firstOrder.jsonPath().getLong("id"), secondOrder.jsonPath().getLong("id"));
        assertEquals(second, secondOrder.jsonPath().getLong("userId"));
        // Each user's retry still replays their own order.
        placeOrder(orderBody(second, "BOOK-001", 1), key).then().statusCode(200).header(REPLAYED, "true");
        assertEquals(1, Order.count("userId", first));
        assertEquals(1, Order.count("userId", second));
    }

    @Test
    void twoUsersWithTheSameKeyEachGetTheirOwnOrderWithRedisCut() {
        long first = randomUserId();
        long second = randomUserId();
        stubUserExists(wireMock, first);
        stubUserExists(wireMock, second);
        String key = newKey();
        redisProxy.cut(); // the database constraint alone decides

        placeOrder(orderBody(first, "MUG-001", 1), key).then().statusCode(201);
        placeOrder(orderBody(second, "MUG-001", 2), key).then().statusCode(201);
        placeOrder(orderBody(second, "MUG-001", 2), key).then().statusCode(200).header(REPLAYED, "true");
        placeOrder(orderBody(first, "MUG-001", 3), key).then().statusCode(422);
    }
}
