package io.onair.hls;

import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.fmp4.Fmp4FragmentWriter;
import io.onair.media.fmp4.Fmp4InitSegment;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fMP4/CMAF segments (RFC 8216 §3.3, ISO/IEC 23000-19): an init segment ({@code ftyp}/{@code moov}) per track set,
 * served as {@code init-{n}.mp4} and named by {@code EXT-X-MAP} and the MPD's {@code initialization}; media segments
 * of {@code styp} then one or more {@code moof}/{@code mdat} fragments. One track per rendition: the same segments
 * serve HLS and DASH, and the audio is packaged once for every variant.
 */
public final class Fmp4SegmentFormat implements SegmentFormat {
    private static final byte[] STYP = Fmp4FragmentWriter.styp();

    @Override
    public String extension() {
        return "m4s";
    }

    @Override
    public boolean separateTracks() {
        return true;
    }

    @Override
    public Optional<byte[]> init(List<TrackConfig> tracks) {
        return Optional.of(Fmp4InitSegment.write(tracks));
    }

    @Override
    public SegmentWriter open(List<TrackConfig> tracks) {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(tracks);
        return new SegmentWriter() {
            @Override
            public void begin(ByteArrayOutputStream out) {
                out.writeBytes(STYP);
            }

            @Override
            public void fragment(List<MediaFrame> frames, Map<Integer, Long> nextDts, ByteArrayOutputStream out) {
                out.writeBytes(writer.writeFragment(frames, nextDts));
            }

            @Override
            public byte[] fragment(List<MediaFrame> frames, Map<Integer, Long> nextDts) {
                return writer.writeFragment(frames, nextDts);
            }
        };
    }
}
