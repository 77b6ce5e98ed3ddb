package io.onair.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and tolerances of the live core, validated at construction with the bad setting named.
 *
 * @param gopCacheBytes          bytes of the current GOP kept for readers that join mid-stream. Default 16 MiB: a
 *                               10 s GOP at 12 Mbit/s, twice OBS's recommended 1080p60 bitrate. A larger GOP stops
 *                               being cached (late readers then wait for the next keyframe) instead of growing memory.
 * @param statsWindow            sliding window for bitrate and frame rate. Default 5 s: long enough to smooth a GOP's
 *                               keyframe burst at the usual 2 s keyframe interval, short enough to show a change.
 * @param audioResyncTolerance   how far the encoder's audio timestamps may drift from the sample-count timeline before
 *                               it is re-anchored. Default 40 ms: above RTMP's 1 ms rounding and encoder jitter (a few
 *                               ms), below the 45 ms at which audio leading video becomes noticeable (ITU-R BT.1359).
 * @param timestampJumpForward   a gap between consecutive frames of one track above this is a jump, not a pause.
 *                               Default 5 s: a slides stream at 1 fps has 1 s gaps; an encoder restart jumps further.
 * @param timestampJumpBackward  a step back of one track's dts above this is a jump (an encoder restart resets to
 *                               0); smaller steps are malformed frames and are dropped. Default 200 ms.
 * @param dropLogInterval        a reader logs its drops at most this often. Default 1 s (mediamtx does the same).
 */
public record StreamSettings(
        long gopCacheBytes,
        Duration statsWindow,
        Duration audioResyncTolerance,
        Duration timestampJumpForward,
        Duration timestampJumpBackward,
        Duration dropLogInterval) {

    public StreamSettings {
        if (gopCacheBytes < 0) {
            throw new IllegalArgumentException("stream.gop-cache-bytes must not be negative, was " + gopCacheBytes);
        }
        positive("stream.stats-window", statsWindow);
        positive("stream.audio-resync-tolerance", audioResyncTolerance);
        positive("stream.timestamp-jump-forward", timestampJumpForward);
        positive("stream.timestamp-jump-backward", timestampJumpBackward);
        positive("stream.drop-log-interval", dropLogInterval);
        if (statsWindow.toMillis() < 100) {
            throw new IllegalArgumentException("stream.stats-window must be at least 100 ms, was " + statsWindow);
        }
    }

    public static StreamSettings defaults() {
        return new StreamSettings(16L << 20, Duration.ofSeconds(5), Duration.ofMillis(40), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
