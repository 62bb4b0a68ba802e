package dev.obsdemo.orders.domain;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads orders as the API returns them. Reads only: it joins a caller's transaction and starts none. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class OrderQueries {

    /** The order with this ID, or empty when there is none. */
    public Optional<OrderView> find(long id) {
        return Order.<Order>findByIdOptional(id).map(OrderView::of);
    }

    /**
     * One page of a user's orders, newest first.
     *
     * @param page zero-based page index
     * @param size orders per page
     */
    public List<OrderView> listByUser(long userId, int page, int size) {
        return Order.<Order>find("userId", Sort.by("id").descending(), userId).page(Page.of(page, size)).list().stream()
                .map(OrderView::of)
                .toList();
    }

    /** How many orders the user placed and their total, in integer cents; zeros for a user without orders. */
    public UserStats stats(long userId) {
        Object[] row = Order.getEntityManager()
                .createQuery(
                        "select count(o), coalesce(sum(o.totalCents), 0) from Order o where o.userId = :userId",
                        Object[].class)
                .setParameter("userId", userId)
                .getSingleResult();
        return new UserStats(userId, ((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
}
