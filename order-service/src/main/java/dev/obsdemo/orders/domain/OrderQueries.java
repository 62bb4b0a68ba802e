package dev.obsdemo.orders.domain;

import dev.obsdemo.common.fault.Fault;
import dev.obsdemo.common.fault.FaultFlags;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Reads orders as the API returns them. Reads only: it joins a caller's transaction and starts none. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class OrderQueries {

    /** The order with this ID, or empty when there is none. */
    public Optional<OrderView> find(long id) {
        slowSqlIfOn();
        return Order.<Order>findByIdOptional(id).map(OrderView::of);
    }

    /**
     * One page of a user's orders, newest first.
     *
     * @param page zero-based page index
     * @param size orders per page
     */
    public List<OrderView> listByUser(long userId, int page, int size) {
        slowSqlIfOn();
        return Order.<Order>find("userId", Sort.by("id").descending(), userId).page(Page.of(page, size)).list().stream()
                .map(OrderView::of)
                .toList();
    }

    private final FaultFlags faults;

    public OrderQueries(FaultFlags faults) {
        this.faults = faults;
    }

    /**
     * How many orders the user placed and their total, in integer cents; zeros for a user without orders. One
     * query; while the runtime fault {@code n-plus-one} is on, the same answer from one query for the user's order
     * IDs and one more per order (the N+1 pattern, each a JDBC span of the summary's trace).
     */
    public UserStats stats(long userId) {
        slowSqlIfOn();
        if (faults.active(Fault.N_PLUS_ONE).isPresent()) {
            return statsOneOrderAtATime(userId);
        }
        Object[] row = Order.getEntityManager()
                .createQuery(
                        "select count(o), coalesce(sum(o.totalCents), 0) from Order o where o.userId = :userId",
                        Object[].class)
                .setParameter("userId", userId)
                .getSingleResult();
        return new UserStats(userId, ((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    private UserStats statsOneOrderAtATime(long userId) {
        List<Long> ids = Order.getEntityManager()
                .createQuery("select o.id from Order o where o.userId = :userId", Long.class)
                .setParameter("userId", userId)
                .getResultList();
        faults.recordInjection(Fault.N_PLUS_ONE, "1 + " + ids.size() + " queries");
        long total = 0;
        for (long id : ids) {
            // A query of its own for each order, as a lazy loop over IDs does: never served from the session.
            total += Order.getEntityManager()
                    .createQuery("select o.totalCents from Order o where o.id = :id", Long.class)
                    .setParameter("id", id)
                    .getSingleResult();
        }
        return new UserStats(userId, ids.size(), total);
    }

    /**
     * The runtime fault {@code slow-sql}: time spent inside PostgreSQL, so the JDBC span (not the service's own
     * code) is where the trace shows it.
     */
    private void slowSqlIfOn() {
        faults.active(Fault.SLOW_SQL).ifPresent(setting -> {
            long ms = setting.drawLatencyMs(ThreadLocalRandom.current().nextDouble());
            faults.recordInjection(Fault.SLOW_SQL, ms + " ms in pg_sleep");
            Order.getEntityManager()
                    .createNativeQuery("select pg_sleep(?1)")
                    .setParameter(1, ms / 1000.0)
                    .getSingleResult();
        });
    }
}
