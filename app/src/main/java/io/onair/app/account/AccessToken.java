package io.onair.app.account;

import java.time.Instant;
import java.util.Optional;

/** A personal access token as listed to its owner: never the token itself, which is shown once at creation. */
public record AccessToken(long id, String name, Instant createdAt, Optional<Instant> lastUsedAt) {
}
