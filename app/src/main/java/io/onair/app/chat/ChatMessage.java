package io.onair.app.chat;

import java.time.Instant;
import java.util.Optional;

/**
 * A chat message as rooms and the API show it.
 *
 * @param user       the author's username
 * @param text       exactly what the author typed (after trimming): clients render it as text, never as HTML
 * @param streamTime seconds since the broadcast it was sent during started (for replay beside the VOD); empty when
 *                   the channel was offline
 */
public record ChatMessage(long id, String channel, String user, String text, Instant sentAt,
        Optional<Double> streamTime) {
}
