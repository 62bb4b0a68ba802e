package dev.obsdemo.orders.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * order-service's own settings, under {@code orders.}. Durations take the Quarkus forms ({@code 24h},
 * {@code 30s}, {@code 500ms}, or ISO-8601 {@code PT10S}); the defaults are defined here and nowhere else,
 * and any of them can be set as a property or an environment variable ({@code ORDERS_IDEMPOTENCY_WAIT=5s}).
 */
@ConfigMapping(prefix = "orders")
public interface OrdersConfig {

    /** How long Idempotency-Keys are kept and how long a retry waits for the request that holds its key. */
    Idempotency idempotency();

    /** {@code orders.idempotency.*}. */
    interface Idempotency {

        /**
         * How long Redis remembers which order a key created ({@code orders.idempotency.ttl}, 24 h): a retry
         * within it is answered from Redis. After it, the unique {@code idempotency_key} column still answers
         * a retry with the same order, only with one query more.
         */
        @WithDefault("24h")
        Duration ttl();

        /**
         * How long a key stays held by a request that is creating its order ({@code orders.idempotency.pending-ttl},
         * 30 s): the longest a crashed holder blocks its key. Longer than any order creation takes, the
         * user-service call included (2 s at most).
         */
        @WithDefault("30s")
        Duration pendingTtl();

        /**
         * How long a retry waits for a concurrent request with the same key and body to finish
         * ({@code orders.idempotency.wait}, 2 s) before it answers 409 with {@code Retry-After: 1}. The
         * fault-tolerance policy (service-commons {@code CallPolicy.IDEMPOTENCY_WAIT_MS}) counts this wait in the
         * time the gateway gives POST /orders, so it must not exceed it ({@code OrdersConfigTest}).
         */
        @WithName("wait")
        @WithDefault("2s")
        Duration waitForHolder();
    }
}
