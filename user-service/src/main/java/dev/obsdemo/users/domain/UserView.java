package dev.obsdemo.users.domain;

import java.time.OffsetDateTime;

/** A user as the API returns it and as the cache stores it. */
public record UserView(long id, String name, String email, OffsetDateTime createdAt) {

    static UserView of(User user) {
        return new UserView(user.id, user.name, user.email, user.createdAt);
    }
}
