package dev.obsdemo.orders.domain;

import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.common.problem.ProblemException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Prices order lines from the catalog, the only source of prices. Its own span shows the catalog query under it. */
@ApplicationScoped
public class PriceCalculator {

    /** A priced line and the order total, in integer cents. */
    public record Priced(List<PricedLine> lines, long totalCents) {
    }

    public record PricedLine(String sku, int quantity, long unitPriceCents) {
    }

    @WithSpan("calculate order price")
    public Priced price(List<OrderLine> lines) {
        List<String> skus = lines.stream().map(OrderLine::sku).toList();
        Map<String, Product> products = Product.<Product> list("sku in ?1", skus).stream()
                .collect(Collectors.toMap(p -> p.sku, Function.identity()));
        List<String> unknown = skus.stream().filter(sku -> !products.containsKey(sku)).toList();
        if (unknown.isEmpty()) {
            long total = 0;
            List<PricedLine> priced = new java.util.ArrayList<>();
            for (OrderLine line : lines) {
                long unitPrice = products.get(line.sku()).unitPriceCents;
                total = Math.addExact(total, Math.multiplyExact(unitPrice, (long) line.quantity()));
                priced.add(new PricedLine(line.sku(), line.quantity(), unitPrice));
            }
            Span.current().setAttribute(AppAttributes.ORDER_ITEMS, (long) lines.size());
            Span.current().setAttribute(AppAttributes.ORDER_TOTAL_CENTS, total);
            return new Priced(priced, total);
        }
        throw ProblemException.unprocessable("unknown-sku", "Unknown sku: " + String.join(", ", unknown));
    }
}
