package dev.obsdemo.system.faults;

import java.util.List;

/**
 * The data the load reads and orders for: users created for this run, each with one order placed before any
 * fault, so every read of the load names something that exists and a 404 is a breach, not bad luck.
 *
 * @param runId unique per run; every Idempotency-Key and request ID of the run starts with it
 * @param userIds the run's users (user-service IDs)
 * @param orderIds one order of each of those users
 */
record Fixture(String runId, List<Long> userIds, List<Long> orderIds) {

    long user(long n) {
        return userIds.get((int) Math.floorMod(n, (long) userIds.size()));
    }

    long order(long n) {
        return orderIds.get((int) Math.floorMod(n, (long) orderIds.size()));
    }
}
