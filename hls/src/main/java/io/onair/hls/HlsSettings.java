package io.onair.hls;

import java.time.Duration;
import java.util.Objects;

/**
 * HLS packaging settings, validated at construction with the bad setting named.
 *
 * @param targetDuration   media per segment before the segmenter cuts at the next keyframe. Default 2 s: players hold
 *                         back three target durations (RFC 8216 §6.3.3), so this sets most of the latency; shorter
 *                         segments cost more requests and need a keyframe interval at least as short. Whole
 *                         milliseconds, 1 s to 20 s.
 * @param playlistSegments segments in the live window. Default 6 (12 s at 2 s): RFC 8216 §6.2.2 forbids a live
 *                         playlist shorter than three target durations, and the extra three give players that fall
 *                         behind room to catch up. At least 3.
 * @param endGrace         how long after an abrupt disconnect the playlist stays open without {@code EXT-X-ENDLIST}:
 *                         an OBS reconnect within it continues the playlist with a discontinuity, so viewers keep
 *                         playing instead of seeing the end. Default 15 s: OBS retries after 2 s and a reconnect
 *                         (TCP, handshake, publish, first keyframe) lands within a few seconds, leaving room for a
 *                         failed attempt; much longer and viewers stare at a frozen picture before the end.
 * @param endedRetention   how long an ended playlist (and its segments) stays served after {@code EXT-X-ENDLIST}, so
 *                         players that loaded it can finish; then the channel is forgotten and memory freed.
 *                         Default 2 min.
 * @param maxSegmentBytes  a segment growing past this (a stream that stopped sending keyframes) is abandoned and the
 *                         next one starts at the next keyframe after a discontinuity. Default 64 MiB: a 20 s GOP at
 *                         25 Mbit/s, well past anything a live encoder sends.
 * @param readerCapacity   frames the packager may fall behind the publisher before it drops to the next keyframe.
 *                         Default 2048: over 10 s of 60 fps video with its audio, more than a GOP.
 * @param partTarget       LL-HLS (RFC 8216bis §4.4.3.7 {@code EXT-X-PART-INF:PART-TARGET}): media per partial
 *                         segment, fMP4 only; zero turns LL-HLS off. The application's default is 0.5 s (a part
 *                         every half second, PART-HOLD-BACK 1.5 s); 0.2 s to 2 s, whole milliseconds, and at most
 *                         half the target duration so a segment has at least two parts. The three-argument
 *                         constructor and {@link #defaults()} leave it off.
 */
public record HlsSettings(
        Duration targetDuration,
        int playlistSegments,
        Duration endGrace,
        Duration endedRetention,
        long maxSegmentBytes,
        int readerCapacity,
        Duration partTarget) {

    public static final Duration DEFAULT_TARGET_DURATION = Duration.ofSeconds(2);
    public static final int DEFAULT_PLAYLIST_SEGMENTS = 6;
    public static final Duration DEFAULT_END_GRACE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_ENDED_RETENTION = Duration.ofMinutes(2);
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_READER_CAPACITY = 2048;
    /** The application's default part target (onair.hls.part-target). */
    public static final Duration DEFAULT_PART_TARGET = Duration.ofMillis(500);
    /** Below 0.2 s a part holds five frames of 25 fps video: the request rate grows, the latency gain does not. */
    public static final Duration MIN_PART_TARGET = Duration.ofMillis(200);

    public HlsSettings {
        Objects.requireNonNull(targetDuration, "hls.target-duration");
        Objects.requireNonNull(endGrace, "hls.end-grace");
        Objects.requireNonNull(endedRetention, "hls.ended-retention");
        if (targetDuration.compareTo(Duration.ofSeconds(1)) < 0 || targetDuration.compareTo(Duration.ofSeconds(20)) > 0
                || targetDuration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "hls.target-duration must be whole milliseconds from 1s to 20s, was " + targetDuration);
        }
        if (playlistSegments < 3) {
            throw new IllegalArgumentException("hls.playlist-segments must be at least 3 (RFC 8216 §6.2.2), was "
                    + playlistSegments);
        }
        if (endGrace.isNegative()) {
            throw new IllegalArgumentException("hls.end-grace must not be negative, was " + endGrace);
        }
        if (endedRetention.isNegative()) {
            throw new IllegalArgumentException("hls.ended-retention must not be negative, was " + endedRetention);
        }
        if (maxSegmentBytes < 1 << 16) {
            throw new IllegalArgumentException("hls.max-segment-bytes must be at least 65536, was " + maxSegmentBytes);
        }
        Objects.requireNonNull(partTarget, "hls.part-target");
        if (!partTarget.isZero() && (partTarget.compareTo(MIN_PART_TARGET) < 0
                || partTarget.compareTo(Duration.ofSeconds(2)) > 0 || partTarget.getNano() % 1_000_000 != 0
                || partTarget.multipliedBy(2).compareTo(targetDuration) > 0)) {
            throw new IllegalArgumentException("hls.part-target must be 0 (off) or whole milliseconds from 200ms to"
                    + " 2s and at most half of hls.target-duration (" + targetDuration + "), was " + partTarget);
        }
        if (readerCapacity < 16) {
            throw new IllegalArgumentException("hls.reader-capacity must be at least 16, was " + readerCapacity);
        }
    }

    /** The three settings users tune; the others take their defaults. */
    public HlsSettings(Duration targetDuration, int playlistSegments, Duration endGrace) {
        this(targetDuration, playlistSegments, endGrace, DEFAULT_ENDED_RETENTION, DEFAULT_MAX_SEGMENT_BYTES,
                DEFAULT_READER_CAPACITY, Duration.ZERO);
    }

    /** The five settings before LL-HLS; LL-HLS off. */
    public HlsSettings(Duration targetDuration, int playlistSegments, Duration endGrace, Duration endedRetention,
            long maxSegmentBytes, int readerCapacity) {
        this(targetDuration, playlistSegments, endGrace, endedRetention, maxSegmentBytes, readerCapacity,
                Duration.ZERO);
    }

    /** These settings with LL-HLS parts of {@code partTarget} (zero: off). */
    public HlsSettings withPartTarget(Duration partTarget) {
        return new HlsSettings(targetDuration, playlistSegments, endGrace, endedRetention, maxSegmentBytes,
                readerCapacity, partTarget);
    }

    /** True when partial segments are produced (with a format that supports them: fMP4). */
    public boolean lowLatency() {
        return !partTarget.isZero();
    }

    public static HlsSettings defaults() {
        return new HlsSettings(DEFAULT_TARGET_DURATION, DEFAULT_PLAYLIST_SEGMENTS, DEFAULT_END_GRACE);
    }
}
