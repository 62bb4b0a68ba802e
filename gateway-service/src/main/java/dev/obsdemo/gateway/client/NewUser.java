package dev.obsdemo.gateway.client;

/**
 * The body of POST /api/users, forwarded to user-service as it is: the gateway checks its JSON shape (strict
 * reading), user-service checks the values (a missing name or an invalid address is user-service's 400).
 *
 * @param name 1-100 characters
 * @param email a valid address, unique (case-insensitive)
 */
public record NewUser(String name, String email) {}
