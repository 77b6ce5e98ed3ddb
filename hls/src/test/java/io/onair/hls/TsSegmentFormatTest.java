package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.stream.EndReason;
import io.onair.stream.FakeClock;
import io.onair.stream.Frames;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import io.onair.stream.StreamSettings;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real path: segments written by the media module's {@code TsMuxer}. */
class TsSegmentFormatTest {
    /** One IDR slice NAL unit in AVCC framing (4-byte length). */
    private static final byte[] IDR = {0, 0, 0, 5, 0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x33};
    private static final byte[] SLICE = {0, 0, 0, 4, 0x41, (byte) 0x9a, 0x02, 0x03};

    private static int pid(byte[] ts, int packet) {
        return ((ts[packet * 188 + 1] & 0x1f) << 8) | (ts[packet * 188 + 2] & 0xff);
    }

    @Test
    void everySegmentStartsWithPatPmtAndTheKeyframe() {
        SegmentWriter writer = new TsSegmentFormat().open(List.of(Frames.VIDEO, Frames.AUDIO));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.begin(out);
        writer.fragment(List.of(new VideoFrame(Frames.VIDEO, 0, 0, true, IDR),
                new AudioFrame(Frames.AUDIO, 0, new byte[20])), Map.of(), out);
        byte[] ts = out.toByteArray();
        assertThat(ts.length % 188).isZero();
        for (int i = 0; i < ts.length / 188; i++) {
            assertThat(ts[i * 188]).isEqualTo((byte) 0x47);
        }
        assertThat(pid(ts, 0)).isZero(); // PAT
        assertThat(pid(ts, 1)).isEqualTo(0x1000); // PMT
        assertThat(pid(ts, 2)).isEqualTo(0x100); // the keyframe's PES
    }

    @Test
    void originWithTheTsFormatServesTransportStreamSegments() throws Exception {
        FakeClock clock = new FakeClock();
        StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());
        HlsOrigin origin = new HlsOrigin(registry, HlsSettings.defaults(), clock, new TsSegmentFormat());
        try {
            Publication pub = registry.startPublishing("alice", r -> { });
            for (int f = 0; f < 75; f++) {
                long dts = f * 3000L;
                pub.write(new VideoFrame(Frames.VIDEO, dts, dts, f % 30 == 0, f % 30 == 0 ? IDR : SLICE));
                pub.write(new AudioFrame(Frames.AUDIO, dts, new byte[20]));
            }
            pub.end(EndReason.CLEAN);
            HlsChannel channel = origin.channel("alice").orElseThrow();
            channel.awaitPackager();
            ParsedPlaylist playlist = ParsedPlaylist.parse(channel.mediaPlaylist(HlsChannel.SOURCE).orElseThrow());
            assertThat(playlist.entries()).hasSize(2);
            byte[] first = channel.segment(HlsChannel.SOURCE, playlist.mediaSequence()).orElseThrow().data();
            byte[] second = channel.segment(HlsChannel.SOURCE, playlist.mediaSequence() + 1).orElseThrow().data();
            assertThat(pid(first, 0)).isZero();
            assertThat(pid(second, 0)).isZero();
            assertThat(pid(second, 2)).isEqualTo(0x100);
        } finally {
            origin.close();
        }
    }
}
