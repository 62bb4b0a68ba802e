package dev.obsdemo.gateway.client;

/**
 * One entry of order-service's catalog.
 *
 * @param sku e.g. {@code BOOK-001}
 * @param name for people
 * @param unitPriceCents in integer cents
 */
public record Product(String sku, String name, long unitPriceCents) {}
