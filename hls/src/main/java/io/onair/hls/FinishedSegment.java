package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.time.Instant;
import java.util.Optional;

/**
 * A segment the segmenter completed, before it has a sequence number.
 *
 * @param durationTicks 90 kHz: up to the next segment's first frame, or for the last one its last frame's end
 * @param videoFrames   video frames in it, for the frame rate
 */
record FinishedSegment(byte[] data, long startDts, long durationTicks, boolean discontinuity,
        Instant programDateTime, Optional<VideoConfig> video, Optional<AudioConfig> audio, int videoFrames) {

    double durationSeconds() {
        return durationTicks / 90_000.0;
    }
}
