package dev.obsdemo.gateway.client;

import java.time.OffsetDateTime;

/**
 * A user as user-service returns it and the gateway passes it on.
 *
 * @param id user-service's ID, positive
 * @param name 1-100 characters
 * @param email lower-cased, unique
 * @param createdAt when user-service stored the user (microsecond precision)
 */
public record User(long id, String name, String email, OffsetDateTime createdAt) {}
