package io.onair.stream;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An immutable snapshot of a publication's ingest, for the dashboard and the API.
 *
 * @param videoKbps            video payload bitrate over the sliding window, kbit/s
 * @param audioKbps            audio payload bitrate over the sliding window, kbit/s
 * @param frameRate            video frames per second over the sliding window
 * @param lastKeyframeInterval seconds between the last two video keyframes (by dts)
 * @param maxKeyframeInterval  the longest keyframe interval seen in this publication, seconds
 * @param width                video width, 0 without video
 * @param height               video height, 0 without video
 * @param lastVideoDts         the last video dts, seconds
 * @param lastAudioDts         the last audio dts after timing repair, seconds
 * @param framesReceived       frames written by the publisher
 * @param framesDropped        frames readers dropped because they fell behind (all readers, closed ones too)
 * @param badFrames            frames skipped as malformed (non-monotonic dts, reported by the ingest)
 * @param discontinuities      timestamp jumps passed on to readers
 * @param audioResyncs         times the AAC sample-count timeline was re-anchored to the encoder's timestamps
 * @param metadata             the encoder's {@code onMetaData}, as sent
 */
public record IngestStats(
        Instant startedAt,
        double videoKbps,
        double audioKbps,
        double frameRate,
        OptionalDouble lastKeyframeInterval,
        OptionalDouble maxKeyframeInterval,
        int width,
        int height,
        Optional<String> videoCodecs,
        Optional<String> audioCodecs,
        OptionalDouble lastVideoDts,
        OptionalDouble lastAudioDts,
        long framesReceived,
        long framesDropped,
        long badFrames,
        long discontinuities,
        long audioResyncs,
        Map<String, Object> metadata) {

    /**
     * Keyframe intervals above this make segments longer than players expect; the dashboard warns (OvenMediaEngine
     * alerts at the same value; OBS's "auto" keyframe interval can exceed 8 s).
     */
    public static final double KEYFRAME_INTERVAL_WARNING_SECONDS = 4.0;

    public IngestStats {
        Objects.requireNonNull(startedAt, "startedAt");
        metadata = Map.copyOf(metadata);
    }

    /** True when the last keyframe interval is above {@link #KEYFRAME_INTERVAL_WARNING_SECONDS}. */
    public boolean keyframeIntervalTooLong() {
        return lastKeyframeInterval.isPresent()
                && lastKeyframeInterval.getAsDouble() > KEYFRAME_INTERVAL_WARNING_SECONDS;
    }
}
