package dev.obsdemo.orders.domain;

import java.time.OffsetDateTime;
import java.util.List;

/** An order as the API returns it. Money is integer cents. */
public record OrderView(
        long id, long userId, String status, long totalCents, List<Item> items, OffsetDateTime createdAt) {

    /** One line with the unit price it was sold at, in integer cents. */
    public record Item(String sku, int quantity, long unitPriceCents) {}

    static OrderView of(Order order) {
        return new OrderView(
                order.id,
                order.userId,
                order.status,
                order.totalCents,
                order.items.stream()
                        .map(i -> new Item(i.sku, i.quantity, i.unitPriceCents))
                        .toList(),
                order.createdAt);
    }
}
