package dev.obsdemo.orders.domain;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.telemetry.AppAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prices order lines from the {@link Catalog}, the only source of prices. Its own span shows the catalog query under it. */
@ApplicationScoped
public class PriceCalculator {

    /** The priced lines, in the order requested, and the order total, in integer cents. */
    public record Priced(List<PricedLine> lines, long totalCents) {}

    /** A requested line with the catalog's unit price, in integer cents. */
    public record PricedLine(String sku, int quantity, long unitPriceCents) {}

    private final Catalog catalog;

    public PriceCalculator(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Prices every line with one catalog query.
     *
     * @throws ProblemException 422 {@code unknown-sku} naming every sku the catalog lacks
     * @throws ArithmeticException if the total overflows a long (it cannot within the request's limits)
     */
    @WithSpan("calculate order price")
    public Priced price(List<OrderLine> lines) {
        List<String> skus = lines.stream().map(OrderLine::sku).toList();
        Map<String, Product> products = catalog.bySku(skus);
        List<String> unknown =
                skus.stream().filter(sku -> !products.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("unknown-sku", "Unknown sku: " + String.join(", ", unknown));
        }
        long total = 0;
        List<PricedLine> priced = new ArrayList<>();
        for (OrderLine line : lines) {
            long unitPrice = products.get(line.sku()).unitPriceCents;
            total = Math.addExact(total, Math.multiplyExact(unitPrice, (long) line.quantity()));
            priced.add(new PricedLine(line.sku(), line.quantity(), unitPrice));
        }
        Span.current().setAttribute(AppAttributes.ORDER_ITEMS, (long) lines.size());
        Span.current().setAttribute(AppAttributes.ORDER_TOTAL_CENTS, total);
        return new Priced(priced, total);
    }
}
