package io.onair.media.ts;

import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.media.h264.Fuzz;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Malformed frame payloads reach the muxer only as MediaFormatException, and what it writes stays demuxable. */
class TsMuxerFuzzTest {
    @Test
    void malformedVideoFramesFailOnlyWithMediaFormatException() {
        TsMuxer muxer = new TsMuxer(Optional.of(TsMuxerTest.VIDEO), Optional.of(TsMuxerTest.AUDIO));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] dts = {0};
        Fuzz.run(21, List.of(HexFormat.of().parseHex("0000000209f00000000465888400000000030605ff")), b -> {
            dts[0] += 3000;
            muxer.writeFrame(new VideoFrame(TsMuxerTest.VIDEO, dts[0], dts[0], (b.length & 1) == 0, b), out);
        });
        Fuzz.run(22, List.of(new byte[300]), b -> {
            dts[0] += 3000;
            muxer.writeFrame(new AudioFrame(TsMuxerTest.AUDIO, dts[0], b), out);
        });
        TsDemuxer.demux(out.toByteArray());
    }
}
