package dev.obsdemo.orders.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.BatchSize;

/** A stored order ({@code orders}, schema in {@code V1__create_catalog_and_orders.sql}); money in integer cents. */
@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    public static final String CONFIRMED = "CONFIRMED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Column(nullable = false, length = 20)
    public String status;

    @Column(name = "total_cents", nullable = false)
    public long totalCents;

    /**
     * The Idempotency-Key of the request that created the order, or null; unique per user (with {@link #userId}),
     * so a user's key creates one order.
     */
    @Column(name = "idempotency_key", length = 128)
    public String idempotencyKey;

    /** The hash of that request's order ({@link IdempotencyRules#requestHash}), to tell a retry from a reuse. */
    @Column(name = "request_hash", length = 64, columnDefinition = "bpchar(64)")
    public String requestHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    // Batch fetching loads the items of a page of orders in one query instead of one per order.
    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    @BatchSize(size = 50)
    @OrderBy("id")
    public List<OrderItem> items = new ArrayList<>();

    /**
     * A confirmed order of the priced lines, created now, not yet persisted.
     *
     * @param idempotencyKey the request's Idempotency-Key, or null
     * @param requestHash the hash of the request's order, or null without a key
     */
    public static Order confirmed(
            long userId, PriceCalculator.Priced priced, String idempotencyKey, String requestHash) {
        Order order = new Order();
        order.userId = userId;
        order.status = CONFIRMED;
        order.idempotencyKey = idempotencyKey;
        order.requestHash = requestHash;
        order.createdAt = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
        for (PriceCalculator.PricedLine line : priced.lines()) {
            OrderItem item = new OrderItem();
            item.order = order;
            item.sku = line.sku();
            item.quantity = line.quantity();
            item.unitPriceCents = line.unitPriceCents();
            order.items.add(item);
        }
        order.totalCents = priced.totalCents();
        return order;
    }

    /** The order a user's Idempotency-Key created, if any. */
    public static Optional<Order> findByIdempotencyKey(long userId, String idempotencyKey) {
        return find("userId = ?1 and idempotencyKey = ?2", userId, idempotencyKey)
                .firstResultOptional();
    }
}
