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
import org.hibernate.annotations.BatchSize;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

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

    @Column(name = "idempotency_key", length = 128, unique = true)
    public String idempotencyKey;

    @Column(name = "request_hash", length = 64, columnDefinition = "bpchar(64)")
    public String requestHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    // Batch fetching loads the items of a page of orders in one query instead of one per order.
    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    @BatchSize(size = 50)
    @OrderBy("id")
    public List<OrderItem> items = new ArrayList<>();
}
