package dev.obsdemo.gateway.api;

import dev.obsdemo.gateway.client.Dtos;

/** GET /api/users/{id}/summary: the user (from user-service) and their order totals (from order-service). */
public record UserSummary(Dtos.User user, long orderCount, long totalSpentCents) {
}
