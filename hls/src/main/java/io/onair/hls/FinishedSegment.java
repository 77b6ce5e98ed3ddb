package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A segment a rendition completed, with its sequence number from the channel's {@link SegmentPlan}.
 *
 * @param start         90 kHz: see {@link HlsSegment#start()}
 * @param durationTicks 90 kHz: up to the next segment's start, or for the last one its last frame's end
 * @param videoFrames   video frames in it, for the frame rate
 */
record FinishedSegment(long sequence, SegmentBytes bytes, long start, long durationTicks, boolean discontinuity,
        Instant programDateTime, OptionalLong init, Optional<VideoConfig> video, Optional<AudioConfig> audio,
        int videoFrames) {

    FinishedSegment(long sequence, byte[] data, long start, long durationTicks, boolean discontinuity,
            Instant programDateTime, OptionalLong init, Optional<VideoConfig> video, Optional<AudioConfig> audio,
            int videoFrames) {
        this(sequence, SegmentBytes.of(data), start, durationTicks, discontinuity, programDateTime, init, video, audio,
                videoFrames);
    }

    double durationSeconds() {
        return durationTicks / 90_000.0;
    }
}
