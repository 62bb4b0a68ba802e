package dev.obsdemo.gateway.client;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An order as order-service returns it and the gateway passes it on.
 *
 * @param id order-service's ID, positive
 * @param userId the user who placed it
 * @param status e.g. {@code CONFIRMED}
 * @param totalCents the sum of the lines, in integer cents
 * @param items the lines, each priced from the catalog
 * @param createdAt when order-service stored the order
 */
public record Order(
        long id, long userId, String status, long totalCents, List<OrderItem> items, OffsetDateTime createdAt) {}
