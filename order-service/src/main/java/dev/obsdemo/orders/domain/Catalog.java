package dev.obsdemo.orders.domain;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The product catalog ({@code products}, seeded by Flyway): the only source of prices, which clients never
 * send. Reads only: it joins a caller's transaction and starts none.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Catalog {

    /** Every product, sorted by sku; unit prices in integer cents. */
    public List<Product> all() {
        return Product.listAll(Sort.by("sku"));
    }

    /** The products of these skus, keyed by sku, in one query; a sku the catalog lacks has no entry. */
    public Map<String, Product> bySku(Collection<String> skus) {
        return Product.<Product>list("sku in ?1", skus).stream()
                .collect(Collectors.toMap(p -> p.sku, Function.identity()));
    }
}
