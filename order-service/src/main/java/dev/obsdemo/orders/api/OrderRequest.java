package dev.obsdemo.orders.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of POST /orders. Prices are not part of it: they come from the catalog. */
public record OrderRequest(
        @NotNull @Positive Long userId,

        @NotEmpty(message = "an order needs at least one item") @Size(max = 50)
        List<@NotNull @Valid Item> items) {

    /** One line: a sku of the catalog and a quantity from 1 to 1000. */
    public record Item(
            @NotBlank
            @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{0,31}", message = "must be an upper-case sku such as BOOK-001")
            String sku,

            @NotNull @Min(1) @Max(1000) Integer quantity) {}
}
