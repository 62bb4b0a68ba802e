package dev.obsdemo.orders.domain;

/** What a user has ordered so far. */
public record UserStats(long userId, long orderCount, long totalSpentCents) {}
