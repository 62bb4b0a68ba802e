package dev.obsdemo.gateway.client;

/**
 * One line of an {@link Order}.
 *
 * @param sku the product
 * @param quantity 1-1000
 * @param unitPriceCents the catalog price when the order was placed, in integer cents
 */
public record OrderItem(String sku, int quantity, long unitPriceCents) {}
