package dev.obsdemo.orders.domain;

/** The result of placing an order: the order, and whether it is a replay of an earlier identical request. */
public record PlacedOrder(OrderView order, boolean replayed) {}
