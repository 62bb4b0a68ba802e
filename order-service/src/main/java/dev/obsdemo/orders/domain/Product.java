package dev.obsdemo.orders.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A catalog entry ({@code products}); the unit price in integer cents. */
@Entity
@Table(name = "products")
public class Product extends PanacheEntityBase {

    @Id
    @Column(length = 32)
    public String sku;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(name = "unit_price_cents", nullable = false)
    public long unitPriceCents;
}
