package dev.obsdemo.system.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every order the load tried to place in one episode, by Idempotency-Key, and the check that nothing was lost:
 * after the fault, each key whose requests all failed is sent again with the same body until it gets a final
 * answer (the IETF Idempotency-Key draft's promise: a client that did not learn the outcome retries with the
 * same key and learns it), then PostgreSQL (order-service's database, {@code orders_test}) must hold exactly
 * one order per key, the one the client was answered with, and no order the client does not know of.
 */
final class OrderLedger {

    /** How long a key may take to reach a final answer after the fault, in ms (a crashed holder's 30 s pending TTL included). */
    static final long RECONCILE_MS = 40_000;

    /** One Idempotency-Key: its body and every answer it got. */
    static final class Attempt {
        final String key;
        final long userId;
        final String body;
        final List<Outcome> outcomes = new ArrayList<>();

        Attempt(String key, long userId, String body) {
            this.key = key;
            this.userId = userId;
            this.body = body;
        }

        synchronized void add(Outcome outcome) {
            outcomes.add(outcome);
        }

        synchronized List<Outcome> outcomes() {
            return List.copyOf(outcomes);
        }

        /** True when an answer told the client the key's order (201 created, or 200 replayed). */
        synchronized boolean settled() {
            return outcomes.stream().anyMatch(Outcome::placedOrder);
        }

        /** Every order ID the key was answered with: exactly one once settled. */
        synchronized Set<Long> answeredIds() {
            Set<Long> ids = new TreeSet<>();
            outcomes.stream().filter(Outcome::placedOrder).forEach(o -> ids.add(o.orderId()));
            return ids;
        }
    }

    /**
     * What the database holds against what the client was told.
     *
     * @param keys Idempotency-Keys the load used
     * @param created201 keys answered 201 while the load ran
     * @param learnedAfterFailure keys whose requests all failed during the fault, settled by a retry afterwards
     * @param existedDespiteFailure of those, keys whose order existed although the client was told it failed
     *     (the retry replayed it: the client learned the outcome by key)
     * @param lost orders answered 200/201 that PostgreSQL does not have
     * @param duplicates keys with more than one order in PostgreSQL
     * @param mismatched keys answered with different order IDs, or with an ID other than the database's
     * @param unsettled keys that got no final answer even after the fault ({@link #RECONCILE_MS})
     * @param unknownToClient orders in PostgreSQL under the episode's keys that the client was never answered with
     */
    record Verdict(
            int keys,
            int created201,
            int learnedAfterFailure,
            int existedDespiteFailure,
            List<String> lost,
            List<String> duplicates,
            List<String> mismatched,
            List<String> unsettled,
            List<String> unknownToClient) {

        List<String> breaches() {
            List<String> breaches = new ArrayList<>();
            lost.forEach(k -> breaches.add("order lost: " + k));
            duplicates.forEach(k -> breaches.add("more than one order for one key: " + k));
            mismatched.forEach(k -> breaches.add("one key, different orders: " + k));
            unsettled.forEach(k -> breaches.add("outcome never learned by key: " + k));
            unknownToClient.forEach(k -> breaches.add("an order the client was not told of: " + k));
            return breaches;
        }
    }

    private final String keyPrefix;
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
    private final List<Outcome> retriesByKey = new ArrayList<>();

    /** @param keyPrefix every key of this ledger starts with it (run and episode), so the database can be asked for them */
    OrderLedger(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** A new key for an order of {@code quantity} BOOK-001 for the user. */
    Attempt newAttempt(long userId, int quantity, String suffix) {
        String key = keyPrefix + suffix;
        Attempt attempt = new Attempt(
                key,
                userId,
                "{\"userId\":" + userId + ",\"items\":[{\"sku\":\"BOOK-001\",\"quantity\":" + quantity + "}]}");
        attempts.put(key, attempt);
        return attempt;
    }

    /** POST /api/orders with the attempt's key and body. */
    Outcome send(GatewayClient gateway, Attempt attempt, String requestId) {
        Outcome outcome = gateway.send(
                Route.PLACE_ORDER,
                "POST /api/orders (key " + attempt.key + ")",
                "POST",
                "/api/orders",
                attempt.body,
                Map.of("X-Request-ID", requestId, "Idempotency-Key", attempt.key));
        attempt.add(outcome);
        return outcome;
    }

    /**
     * Sends every key that has no final answer again, with the same body, until it has one or
     * {@link #RECONCILE_MS} ran out; waits as a 409, 429 or 503 says ({@code Retry-After}, at most 2 s).
     *
     * @return the keys that had none before: they were failed while the fault lasted
     */
    Set<String> reconcile(GatewayClient gateway) throws InterruptedException {
        Set<String> unsettled = new TreeSet<>();
        attempts.values().stream().filter(a -> !a.settled()).forEach(a -> unsettled.add(a.key));
        long deadline = System.currentTimeMillis() + RECONCILE_MS;
        int round = 0;
        for (String key : unsettled) {
            Attempt attempt = attempts.get(key);
            while (!attempt.settled() && System.currentTimeMillis() < deadline) {
                Outcome outcome = send(gateway, attempt, keyPrefix + "reconcile-" + round++);
                retriesByKey.add(outcome);
                if (outcome.status() == 422 || outcome.status() == 400) {
                    break; // a final answer that is not an order: reported as unsettled
                }
                if (!attempt.settled()) {
                    Thread.sleep(retryAfterMillis(outcome));
                }
            }
        }
        return unsettled;
    }

    private static long retryAfterMillis(Outcome outcome) {
        try {
            return Math.min(2_000, Math.max(200, Long.parseLong(outcome.retryAfter()) * 1000));
        } catch (NumberFormatException | NullPointerException none) {
            return 500;
        }
    }

    /** Compares what the client was told with order-service's database; call after {@link #reconcile}. */
    Verdict verify(Set<String> failedDuringFault) throws SQLException {
        Map<String, List<Long>> stored = storedOrders();
        List<String> lost = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> unsettled = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int created = 0;
        int learned = 0;
        int existed = 0;
        for (Attempt attempt : attempts.values()) {
            List<Long> rows = stored.getOrDefault(attempt.key, List.of());
            Set<Long> answered = attempt.answeredIds();
            boolean wasCreatedUnderLoad = attempt.outcomes().stream()
                    .anyMatch(o -> o.status() == 201 && !o.sentRequestId().contains("reconcile"));
            if (wasCreatedUnderLoad) {
                created++;
            }
            if (failedDuringFault.contains(attempt.key) && attempt.settled()) {
                learned++;
                if (attempt.outcomes().stream().noneMatch(o -> o.status() == 201)) {
                    existed++; // every answer but the replay failed, yet the order was there
                }
            }
            if (rows.size() > 1) {
                duplicates.add(attempt.key + " " + rows);
            }
            if (!attempt.settled()) {
                unsettled.add(attempt.key + " " + summary(attempt));
                rows.forEach(id -> unknown.add(attempt.key + " order " + id));
            } else if (answered.size() > 1) {
                mismatched.add(attempt.key + " answered " + answered);
            } else if (rows.isEmpty()) {
                lost.add(attempt.key + " order " + answered);
            } else if (!rows.containsAll(answered)) {
                mismatched.add(attempt.key + " answered " + answered + ", stored " + rows);
            }
        }
        stored.keySet().stream()
                .filter(key -> !attempts.containsKey(key))
                .forEach(key -> unknown.add(key + " orders " + stored.get(key)));
        return new Verdict(
                attempts.size(), created, learned, existed, lost, duplicates, mismatched, unsettled, unknown);
    }

    private static String summary(Attempt attempt) {
        List<String> answers = new ArrayList<>();
        attempt.outcomes().forEach(o -> answers.add(o.status() + (o.detail() == null ? "" : " " + o.detail())));
        return answers.toString();
    }

    /** The orders PostgreSQL holds under this ledger's keys: key -> order IDs. */
    private Map<String, List<Long>> storedOrders() throws SQLException {
        Map<String, List<Long>> stored = new HashMap<>();
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement(
                        "SELECT idempotency_key, id FROM orders WHERE idempotency_key LIKE ? ORDER BY id")) {
            query.setString(1, keyPrefix.replace("_", "\\_") + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                            .add(rows.getLong(2));
                }
            }
        }
        return stored;
    }

    /** order-service's test database, as scripts/stack.sh's test instance runs it (role orders). */
    static Connection connect() throws SQLException {
        String password = System.getenv().getOrDefault("ORDERS_DB_PASSWORD", "orders");
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/orders_test?connectTimeout=5&socketTimeout=30", "orders", password);
    }

    /** The requests {@link #reconcile} sent. */
    List<Outcome> retriesByKey() {
        return List.copyOf(retriesByKey);
    }
}
