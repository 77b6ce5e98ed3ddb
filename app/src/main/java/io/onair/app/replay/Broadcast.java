package io.onair.app.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A recorded broadcast (a replay), live or ended, or an uploaded video.
 *
 * @param origin      {@link #LIVE} or {@link #UPLOAD}
 * @param ended       empty while live (or while an upload is processed)
 * @param firstPdt    program date-time of its first segment: position 0 of the replay (the chat replay's origin)
 * @param thumbnails  tiles in its thumbnail strip (0: none yet), one every {@code thumbnailInterval}
 * @param mpegTs      recorded as MPEG-TS segments ({@code onair.hls.format=ts}): no DASH manifest
 */
public record Broadcast(long id, String channel, String title, String origin, Instant startedAt,
        Optional<Instant> ended, Optional<Instant> firstPdt, Duration duration, long bytes, boolean hidden,
        boolean incomplete, boolean deleted, int thumbnails, Duration thumbnailInterval, boolean mpegTs) {

    public static final String LIVE = "live";
    public static final String UPLOAD = "upload";

    public boolean live() {
        return ended.isEmpty() && origin.equals(LIVE);
    }

    /** Live recordings are watchable from their first segment; an upload only once it was processed whole. */
    public boolean playable() {
        return !origin.equals(UPLOAD) || ended.isPresent();
    }
}
