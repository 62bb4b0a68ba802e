package dev.obsdemo.orders.api;

import dev.obsdemo.orders.domain.Catalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /products}: the catalog, read-only. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "products")
public class ProductResource {

    /** A catalog entry; unit prices in integer cents. */
    public record ProductView(String sku, String name, long unitPriceCents) {}

    private final Catalog catalog;

    public ProductResource(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Every product, sorted by sku. */
    @GET
    @Operation(summary = "The product catalog")
    public List<ProductView> catalog() {
        return catalog.all().stream()
                .map(p -> new ProductView(p.sku, p.name, p.unitPriceCents))
                .toList();
    }
}
