package io.onair.hls;

import io.onair.media.MediaFrame;
import java.io.ByteArrayOutputStream;

/** Writes segments of one track set; may keep state across segments (MPEG-TS continuity counters). */
public interface SegmentWriter {
    /** Starts a segment: whatever a decoder needs before the first frame (MPEG-TS: PAT and PMT). */
    void begin(ByteArrayOutputStream out);

    void write(MediaFrame frame, ByteArrayOutputStream out);
}
