package io.onair.media.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFormatException;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.aac.AudioSpecificConfig;
import io.onair.media.h264.AvcDecoderConfig;
import io.onair.media.h264.H264Fixtures;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TsMuxerTest {
    private static final HexFormat HEX = HexFormat.of();
    static final VideoConfig VIDEO = AvcDecoderConfig.parse(H264Fixtures.get("high720", "avcC"));
    static final AudioConfig AUDIO = AudioSpecificConfig.parse(HEX.parseHex("1210"));
    private static final String SPS = HEX.formatHex(H264Fixtures.get("high720", "sps"));
    private static final String PPS = HEX.formatHex(H264Fixtures.get("high720", "pps"));
    private static final long OFFSET = TsMuxer.TIMESTAMP_OFFSET;

    @Test
    void tablesAreByteIdenticalToFfmpegs() {
        // ffmpeg 5.1 -f mpegts with one H.264 and one AAC stream uses the same PIDs and program number.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TsMuxer(Optional.of(VIDEO), Optional.of(AUDIO)).writeTables(out);

        String pat = "474000100000b00d0001c100000001f0002ab104b2";
        String pmt = "475000100002b0170001c10000e100f0001be100f0000fe101f0002f44b99b";
        assertThat(HEX.formatHex(out.toByteArray())).isEqualTo(pat + "ff".repeat(188 - pat.length() / 2)
                + pmt + "ff".repeat(188 - pmt.length() / 2));
        TsDemuxer d = TsDemuxer.demux(out.toByteArray());
        assertThat(d.pcrPid).isEqualTo(0x100);
        assertThat(d.streamTypes).containsEntry(0x100, 0x1B).containsEntry(0x101, 0x0F).hasSize(2);
    }

    @Test
    void audioOnlyPesPacketGoldenBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TsMuxer muxer = new TsMuxer(Optional.empty(), Optional.of(AUDIO));
        muxer.writeFrame(new AudioFrame(AUDIO, 0, HEX.parseHex("01020304")), out);

        String pes = "000001c0" + "0013" + "84" + "80" + "05" + "210003ec31" // PTS 63000: the offset
                + "fff15080017ffc" + "01020304"; // ADTS for an 11-byte frame, then the raw block
        String expected = "47410130" + "9e" + "10" + "000000007e00" // PCR 0
                + "ff".repeat(151) + pes;
        assertThat(HEX.formatHex(out.toByteArray())).isEqualTo(expected);

        TsDemuxer d = TsDemuxer.demux(out.toByteArray());
        assertThat(d.pes).singleElement().satisfies(p -> {
            assertThat(p.pid()).isEqualTo(0x101);
            assertThat(p.streamId()).isEqualTo(0xC0);
            assertThat(p.pts()).isEqualTo(OFFSET);
            assertThat(HEX.formatHex(p.payload())).isEqualTo("fff15080017ffc01020304");
        });
        assertThat(d.pcrs).containsExactly(new TsDemuxer.Pcr(0x101, 0, 0, true));
    }

    @Test
    void videoPesGoldenHeaderWithDtsAndKeyframeFlags() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TsMuxer(Optional.of(VIDEO), Optional.empty())
                .writeFrame(new VideoFrame(VIDEO, 3000, 6000, true, HEX.parseHex("0000000465888400")), out);

        byte[] ts = out.toByteArray();
        String annexB = "0000000109f0" + "00000001" + SPS + "00000001" + PPS + "0000000165888400";
        int pesLength = 3 + 10 + annexB.length() / 2;
        // adaptation field: random_access_indicator + PCR (base 3000 = 0xbb8: bytes 00 00 05 dc 7e 00)
        String header = "47410030";
        String pesHeader = "000001e0" + String.format("%04x", pesLength) + "84c00a"
                + "3100051b11" // PTS 3000 + 3000 + offset = 69000
                + "11000503a1"; // DTS 3000 + offset = 66000
        int stuffing = 184 - 1 - 7 - (6 + pesLength);
        assertThat(HEX.formatHex(ts)).isEqualTo(header + String.format("%02x", 7 + stuffing) + "50" + "000005dc7e00"
                + "ff".repeat(stuffing) + pesHeader + annexB);
    }

    @Test
    void muxThenDemuxGivesTheSameFramesAcrossSegments() {
        TsMuxer muxer = new TsMuxer(Optional.of(VIDEO), Optional.of(AUDIO));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] audio = new byte[300];
        for (int segment = 0; segment < 3; segment++) {
            muxer.writeTables(out);
            for (int i = 0; i < 10; i++) {
                long dts = (segment * 10 + i) * 3000L;
                boolean key = i == 0;
                byte[] slice = new byte[500 + 97 * i]; // sizes cover every stuffing length across frames
                slice[0] = (byte) (key ? 0x65 : 0x41);
                muxer.writeFrame(new VideoFrame(VIDEO, dts, dts + 6000, key, length4(slice)), out);
                audio[0] = (byte) i;
                muxer.writeFrame(new AudioFrame(AUDIO, dts + 100, audio.clone()), out);
            }
        }

        TsDemuxer d = TsDemuxer.demux(out.toByteArray());
        List<TsDemuxer.Pes> video = d.pes.stream().filter(p -> p.pid() == 0x100).toList();
        List<TsDemuxer.Pes> audioPes = d.pes.stream().filter(p -> p.pid() == 0x101).toList();
        assertThat(video).hasSize(30);
        assertThat(audioPes).hasSize(30);
        for (int n = 0; n < 30; n++) {
            int i = n % 10;
            TsDemuxer.Pes v = video.get(n);
            assertThat(v.dts()).isEqualTo(n * 3000L + OFFSET);
            assertThat(v.pts()).isEqualTo(n * 3000L + 6000 + OFFSET);
            assertThat(v.randomAccess()).isEqualTo(i == 0);
            String slice = HEX.formatHex(new byte[500 + 97 * i]).substring(2);
            String expected = "0000000109f0" + (i == 0 ? "00000001" + SPS + "00000001" + PPS + "0000000165" : "0000000141")
                    + slice;
            assertThat(HEX.formatHex(v.payload())).isEqualTo(expected);
            TsDemuxer.Pes a = audioPes.get(n);
            assertThat(a.pts()).isEqualTo(a.dts()).isEqualTo(n * 3000L + 100 + OFFSET);
            assertThat(HEX.formatHex(a.payload())).startsWith("fff15080267ffc" + String.format("%02x", i));
            assertThat(a.payload()).hasSize(307);
        }
        assertThat(d.pcrs).hasSize(30).allSatisfy(p -> assertThat(p.pid()).isEqualTo(0x100));
        assertThat(d.sections).hasSize(6);
    }

    @Test
    void timestampsWrapAt33Bits() {
        long nearWrap = (1L << 33) - OFFSET - 10;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TsMuxer muxer = new TsMuxer(Optional.of(VIDEO), Optional.empty());
        muxer.writeFrame(new VideoFrame(VIDEO, nearWrap, nearWrap + 20, true, length4(new byte[] {0x65, 1})), out);
        muxer.writeFrame(new VideoFrame(VIDEO, nearWrap + 3000, nearWrap + 3020, false, length4(new byte[] {0x41, 1})), out);

        TsDemuxer d = TsDemuxer.demux(out.toByteArray());
        assertThat(d.pes.get(0).dts()).isEqualTo((1L << 33) - 10);
        assertThat(d.pes.get(0).pts()).isEqualTo(10);
        assertThat(d.pes.get(1).dts()).isEqualTo(2990);
        assertThat(d.pcrs.get(0).base()).isEqualTo(nearWrap);
        assertThat(d.pcrs.get(1).base()).isEqualTo(nearWrap + 3000);
    }

    @Test
    void sparseVideoGetsPcrOnlyPacketsFromAudioTiming() {
        TsMuxer muxer = new TsMuxer(Optional.of(VIDEO), Optional.of(AUDIO));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        muxer.writeTables(out);
        long audioDts = 0;
        for (int second = 0; second < 2; second++) {
            for (int half = 0; half < 2; half++) { // 2 fps slides
                long videoDts = second * 90_000L + half * 45_000L;
                while (audioDts < videoDts) {
                    muxer.writeFrame(new AudioFrame(AUDIO, audioDts, new byte[20]), out);
                    audioDts += 2090; // 1024 samples at 44.1 kHz, rounded
                }
                muxer.writeFrame(new VideoFrame(VIDEO, videoDts, videoDts, half == 0, length4(new byte[] {0x65, 1})), out);
            }
        }

        TsDemuxer d = TsDemuxer.demux(out.toByteArray());
        assertThat(d.pcrs).allSatisfy(p -> assertThat(p.pid()).isEqualTo(0x100));
        assertThat(d.pcrs.stream().filter(p -> !p.payload()).count()).isGreaterThan(10);
        for (int i = 1; i < d.pcrs.size(); i++) {
            long step = d.pcrs.get(i).base() - d.pcrs.get(i - 1).base();
            assertThat(step).as("PCR step %d", i).isBetween(0L, 9_000L);
        }
    }

    @Test
    void rejectsFramesOfAMissingTrackAndMalformedData() {
        TsMuxer audioOnly = new TsMuxer(Optional.empty(), Optional.of(AUDIO));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> audioOnly.writeFrame(new VideoFrame(VIDEO, 0, 0, true, length4(new byte[] {0x65})), out))
                .isInstanceOf(MediaFormatException.class).hasMessage("video frame for a muxer without a video track");
        TsMuxer videoOnly = new TsMuxer(Optional.of(VIDEO), Optional.empty());
        assertThatThrownBy(() -> videoOnly.writeFrame(new VideoFrame(VIDEO, 0, 0, true, HEX.parseHex("0000000965")), out))
                .isInstanceOf(MediaFormatException.class).hasMessage("NAL unit length 9 at byte 0 exceeds the 1 bytes left");
        assertThatThrownBy(() -> videoOnly.writeFrame(new AudioFrame(AUDIO, 0, new byte[1]), out))
                .isInstanceOf(MediaFormatException.class).hasMessage("audio frame for a muxer without an audio track");
        assertThatThrownBy(() -> audioOnly.writeFrame(new AudioFrame(AUDIO, 0, new byte[9000]), out))
                .isInstanceOf(MediaFormatException.class).hasMessage("AAC frame of 9000 bytes exceeds ADTS' 8184");
        assertThat(out.size()).as("nothing written for rejected frames").isZero();
        assertThatThrownBy(() -> new TsMuxer(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a transport stream needs a video or an audio track");
    }

    static byte[] length4(byte[] nal) {
        byte[] b = new byte[nal.length + 4];
        b[0] = (byte) (nal.length >>> 24);
        b[1] = (byte) (nal.length >>> 16);
        b[2] = (byte) (nal.length >>> 8);
        b[3] = (byte) nal.length;
        System.arraycopy(nal, 0, b, 4, nal.length);
        return b;
    }
}
