package dev.obsdemo.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether a service takes the deadline its callers send ({@code X-Request-Timeout-Ms}, see
 * {@code dev.obsdemo.common.deadline.Deadline}), under {@code obsdemo.deadline}. The default is defined here and
 * nowhere else.
 */
@ConfigMapping(prefix = "obsdemo.deadline")
public interface DeadlineConfig {

    /**
     * True (the default) for a service that only other services call; false for the public edge (the gateway),
     * which sets every deadline itself from its own timeouts: a client's header is ignored there, so no client
     * can shorten the calls behind the gateway into timeouts that its circuit breakers would count for everyone.
     */
    @WithDefault("true")
    boolean fromCallers();
}
