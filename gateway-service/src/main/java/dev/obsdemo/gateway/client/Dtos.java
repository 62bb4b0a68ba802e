package dev.obsdemo.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the gateway reads from and sends to the services. Tolerant readers: a field a service adds does not
 * break the gateway (it is simply not passed on until the gateway knows it).
 */
public final class Dtos {

    private Dtos() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(long id, String name, String email, OffsetDateTime createdAt) {
    }

    public record NewUser(String name, String email) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Order(long id, long userId, String status, long totalCents, List<OrderItem> items, OffsetDateTime createdAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderItem(String sku, int quantity, long unitPriceCents) {
    }

    public record NewOrder(Long userId, List<NewOrderItem> items) {
    }

    public record NewOrderItem(String sku, Integer quantity) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Product(String sku, String name, long unitPriceCents) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserStats(long userId, long orderCount, long totalSpentCents) {
    }
}
