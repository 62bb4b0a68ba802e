package dev.obsdemo.gateway.client;

/**
 * order-service's totals for one user (GET /orders/stats).
 *
 * @param userId the user
 * @param orderCount orders placed, 0 for a user without orders (or an unknown one: order-service does not know users)
 * @param totalSpentCents the sum of their totals, in integer cents
 */
public record UserStats(long userId, long orderCount, long totalSpentCents) {}
