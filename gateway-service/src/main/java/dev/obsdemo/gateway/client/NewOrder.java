package dev.obsdemo.gateway.client;

import java.util.List;

/**
 * The body of POST /api/orders, forwarded to order-service as it is. Boxed types, so that a missing value
 * reaches order-service's validation as null (its 400 names the field) instead of becoming 0.
 *
 * @param userId the user placing the order
 * @param items 1-50 lines, each sku once
 */
public record NewOrder(Long userId, List<NewOrderItem> items) {}
