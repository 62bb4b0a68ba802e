package dev.obsdemo.users.api;

import dev.obsdemo.users.domain.UserView;
import java.util.List;

/** One page of GET /users. */
public record UserPage(List<UserView> items, int page, int size, long totalItems) {}
