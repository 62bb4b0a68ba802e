package dev.obsdemo.users.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * user-service's own settings, under {@code users}; each default is defined here and nowhere else. Set a key in
 * application.properties or with the environment ({@code USERS_CACHE_TTL=5m}).
 */
@ConfigMapping(prefix = "users")
public interface UsersConfig {

    /** The Redis copy of single users read by {@code GET /users/{id}}. */
    Cache cache();

    /** How long the cache keeps a user. */
    interface Cache {

        /**
         * How long a user stays in Redis (whole seconds; a fraction is cut). Also how long another instance may
         * serve a user that this one changed, since an eviction only reaches Redis, not other instances' reads
         * already under way.
         */
        @WithDefault("10m")
        Duration ttl();
    }
}
