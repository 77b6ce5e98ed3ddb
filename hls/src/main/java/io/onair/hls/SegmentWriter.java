package io.onair.hls;

import io.onair.media.MediaFrame;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes the segments of one track set; may keep state across segments (MPEG-TS continuity counters, fMP4
 * sequence numbers). A segment is {@link #begin} and then one or more {@link #fragment}s: today one per segment,
 * LL-HLS will publish each as a partial segment.
 */
public interface SegmentWriter {
    /** Starts a segment: MPEG-TS PAT and PMT, fMP4 {@code styp}. */
    void begin(ByteArrayOutputStream out);

    /**
     * Writes frames of all tracks in decoding order.
     *
     * @param nextDts per track id (1..n), the DTS following the track's last frame here, for its duration
     */
    void fragment(List<MediaFrame> frames, Map<Integer, Long> nextDts, ByteArrayOutputStream out);

    /** {@link #fragment} as an array of its own (an LL-HLS part); formats that can, skip the stream's copies. */
    default byte[] fragment(List<MediaFrame> frames, Map<Integer, Long> nextDts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(frames.stream().mapToInt(f -> f.data().length).sum()
                + 1024);
        fragment(frames, nextDts, out);
        return out.toByteArray();
    }
}
