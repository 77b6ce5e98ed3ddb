package io.onair.app.account;

import java.time.Instant;

/** A person's account. The username is also the name of the account's channel. */
public record Account(long id, String username, String email, String passwordHash, Instant createdAt) {
}
