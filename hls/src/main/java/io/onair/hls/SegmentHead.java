package io.onair.hls;

import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import java.time.Instant;

/**
 * The start of a segment a cutter is filling, passed with each of its frames as soon as the frame is known to belong
 * to it (before the segment is complete), so a rendition can publish LL-HLS partial segments while it grows.
 *
 * @param sequence        the segment's media sequence number
 * @param discontinuity   a timeline, encoder or config change precedes it
 * @param programDateTime its {@code EXT-X-PROGRAM-DATE-TIME}
 * @param config          the config of its first frame
 */
record SegmentHead(long sequence, boolean discontinuity, Instant programDateTime, TrackConfig config) {

    /** Receives the frames of segments in progress, in decoding order. */
    interface Progress {
        Progress NONE = (head, frame) -> { };

        void frame(SegmentHead head, MediaFrame frame);
    }
}
