package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.ts.TsMuxer;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * MPEG-TS segments (RFC 8216 §3.2): PAT and PMT at every segment start so each segment decodes on its own, the
 * muxer inserting SPS/PPS before each keyframe. One muxer per track set, so continuity counters run on across
 * segments as ISO/IEC 13818-1 expects.
 */
public final class TsSegmentFormat implements SegmentFormat {
    @Override
    public String extension() {
        return "ts";
    }

    @Override
    public SegmentWriter open(Optional<VideoConfig> video, Optional<AudioConfig> audio) {
        TsMuxer muxer = new TsMuxer(video, audio);
        return new SegmentWriter() {
            @Override
            public void begin(ByteArrayOutputStream out) {
                muxer.writeTables(out);
            }

            @Override
            public void write(MediaFrame frame, ByteArrayOutputStream out) {
                muxer.writeFrame(frame, out);
            }
        };
    }
}
