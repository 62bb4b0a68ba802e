package dev.obsdemo.system.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady mix of reads and order creations against the gateway from a few threads, until {@link #stop()}:
 * each worker sends one request, pauses {@link #PAUSE_MS}, and goes on, whatever the answer. Out of every 8
 * requests 2 place an order, each with an Idempotency-Key of its own; a third of the orders that succeed are
 * sent again at once with the same key and body, which must answer the same order (a client that did not see
 * the first answer). Every request carries an {@code X-Request-ID} of its own, which the answer must keep.
 *
 * <p>Bounded: {@link #WORKERS} threads of at most one request each in flight, about 30 requests per second
 * in all on 127.0.0.1, under the gateway's rate limit of 100 per second per client.
 */
final class LoadDriver {

    static final int WORKERS = 4;
    static final long PAUSE_MS = 100;

    /** The cycle each worker walks through, shifted per worker. */
    private static final List<Route> MIX = List.of(
            Route.GET_USER,
            Route.PLACE_ORDER,
            Route.GET_ORDER,
            Route.PRODUCTS,
            Route.SUMMARY,
            Route.PLACE_ORDER,
            Route.USER_ORDERS,
            Route.GET_ORDER);

    private final GatewayClient gateway = new GatewayClient();
    private final Fixture fixture;
    private final String episode;
    private final OrderLedger ledger;
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();

    /** Starts the workers at once. */
    LoadDriver(Fixture fixture, String episode, OrderLedger ledger) {
        this.fixture = fixture;
        this.episode = episode;
        this.ledger = ledger;
        for (int i = 0; i < WORKERS; i++) {
            int offset = i * 3;
            Thread worker = new Thread(() -> work(offset), "faults-load-" + episode + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    private void work(int offset) {
        long step = offset;
        while (running.get()) {
            send(MIX.get((int) (step++ % MIX.size())));
            pause(PAUSE_MS);
        }
    }

    private void send(Route route) {
        long n = sequence.incrementAndGet();
        String requestId = fixture.runId() + "-" + episode + "-" + n;
        Map<String, String> headers = Map.of("X-Request-ID", requestId);
        switch (route) {
            case GET_USER -> record(get(route, "/api/users/" + fixture.user(n), headers));
            case GET_ORDER -> record(get(route, "/api/orders/" + fixture.order(n), headers));
            case USER_ORDERS -> record(get(route, "/api/users/" + fixture.user(n) + "/orders", headers));
            case SUMMARY -> record(get(route, "/api/users/" + fixture.user(n) + "/summary", headers));
            case PRODUCTS -> record(get(route, "/api/products", headers));
            case PLACE_ORDER -> placeOrder(n, requestId);
            default -> throw new IllegalArgumentException(route.name());
        }
    }

    private Outcome get(Route route, String path, Map<String, String> headers) {
        return gateway.send(route, "GET " + path, "GET", path, null, headers);
    }

    private void placeOrder(long n, String requestId) {
        OrderLedger.Attempt attempt = ledger.newAttempt(fixture.user(n), 1 + (int) (n % 3), Long.toString(n));
        Outcome first = ledger.send(gateway, attempt, requestId);
        record(first);
        if (first.status() == 201 && n % 3 == 0) {
            record(ledger.send(gateway, attempt, requestId + "-retry"));
        }
    }

    private void record(Outcome outcome) {
        outcomes.add(outcome);
    }

    /** Stops the workers, waits for the requests in flight, and returns every outcome in the order recorded. */
    List<Outcome> stop() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join(GatewayClient.CLIENT_TIMEOUT.toMillis() + 5_000);
        }
        return new ArrayList<>(outcomes);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
