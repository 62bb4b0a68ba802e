package dev.obsdemo.orders.domain;

/** One requested line: which product and how many. The price is looked up, never taken from the client. */
public record OrderLine(String sku, int quantity) {}
