package dev.obsdemo.gateway.api;

import dev.obsdemo.gateway.client.User;
import dev.obsdemo.gateway.client.UserStats;

/**
 * GET /api/users/{id}/summary: the user (from user-service) and their order totals (from order-service).
 *
 * @param totalSpentCents in integer cents
 */
public record UserSummary(User user, long orderCount, long totalSpentCents) {

    static UserSummary of(User user, UserStats stats) {
        return new UserSummary(user, stats.orderCount(), stats.totalSpentCents());
    }
}
