package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoConfig;
import io.onair.media.ts.TsMuxer;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MPEG-TS segments (RFC 8216 §3.2): PAT and PMT at every segment start so each segment decodes on its own, the
 * muxer inserting SPS/PPS before each keyframe; audio muxed into every variant, as old clients expect. One muxer
 * per track set, so continuity counters run on across segments as ISO/IEC 13818-1 expects.
 */
public final class TsSegmentFormat implements SegmentFormat {
    @Override
    public String extension() {
        return "ts";
    }

    @Override
    public boolean separateTracks() {
        return false;
    }

    @Override
    public Optional<byte[]> init(List<TrackConfig> tracks) {
        return Optional.empty();
    }

    @Override
    public SegmentWriter open(List<TrackConfig> tracks) {
        Optional<VideoConfig> video = tracks.stream().filter(t -> t instanceof VideoConfig)
                .map(t -> (VideoConfig) t).findFirst();
        Optional<AudioConfig> audio = tracks.stream().filter(t -> t instanceof AudioConfig)
                .map(t -> (AudioConfig) t).findFirst();
        TsMuxer muxer = new TsMuxer(video, audio);
        return new SegmentWriter() {
            @Override
            public void begin(ByteArrayOutputStream out) {
                muxer.writeTables(out);
            }

            @Override
            public void fragment(List<MediaFrame> frames, Map<Integer, Long> nextDts, ByteArrayOutputStream out) {
                frames.forEach(f -> muxer.writeFrame(f, out));
            }
        };
    }
}
