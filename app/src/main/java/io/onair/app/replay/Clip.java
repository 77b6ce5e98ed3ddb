package io.onair.app.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * A clip: segments {@code firstSequence..lastSequence} of a broadcast (no re-encode) and the moment the clipper
 * chose within them.
 *
 * @param start    the chosen start, from the start of the broadcast
 * @param duration the chosen length
 */
public record Clip(String id, long broadcast, String channel, String title, long createdBy, String createdByName,
        Instant createdAt, long firstSequence, long lastSequence, Duration start, Duration duration) {
}
