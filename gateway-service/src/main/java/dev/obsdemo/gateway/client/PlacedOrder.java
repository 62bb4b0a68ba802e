package dev.obsdemo.gateway.client;

/**
 * What order-service answered to POST /orders.
 *
 * @param order the order, new or the one an earlier request with the same Idempotency-Key created
 * @param replayed true for such a replay (order-service's 200), false for a new order (its 201)
 */
public record PlacedOrder(Order order, boolean replayed) {}
