package io.onair.hls;

import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import java.time.Instant;
import java.util.List;

/**
 * One track's frames of one segment, cut by a {@link VideoCutter} or the {@link AudioCutter}, before muxing.
 *
 * @param start         90 kHz: the starting keyframe's PTS (video) or the first frame's DTS (audio)
 * @param durationTicks 90 kHz: up to the next segment's start when cut for it, else one frame past the last frame
 * @param nextDts       the DTS after the last frame (the next frame's, or one frame interval on), for the duration
 *                      of the last sample of an fMP4 fragment
 * @param discontinuity a timeline, encoder or config change precedes it
 */
record TrackPart(long sequence, List<MediaFrame> frames, long start, long durationTicks, long nextDts,
        boolean discontinuity, Instant programDateTime, TrackConfig config) {
    TrackPart {
        frames = List.copyOf(frames);
    }
}
