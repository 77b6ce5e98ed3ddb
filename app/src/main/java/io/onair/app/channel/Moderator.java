package io.onair.app.channel;

import java.time.Instant;

/** A channel moderator: the account's username and when the owner appointed it. */
public record Moderator(String username, Instant appointedAt) {
}
