package dev.obsdemo.gateway.client;

/**
 * One line of a {@link NewOrder}; prices are never taken from the client.
 *
 * @param sku a product of the catalog
 * @param quantity 1-1000
 */
public record NewOrderItem(String sku, Integer quantity) {}
