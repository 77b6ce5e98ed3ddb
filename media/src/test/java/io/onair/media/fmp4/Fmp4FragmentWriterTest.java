package io.onair.media.fmp4;

import static io.onair.media.fmp4.Samples.AUDIO;
import static io.onair.media.fmp4.Samples.VIDEO;
import static io.onair.media.fmp4.Samples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.AudioFrame;
import io.onair.media.MediaFormatException;
import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoFrame;
import io.onair.media.h264.AvcDecoderConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden fragments, timing and refusals of {@link Fmp4FragmentWriter}. */
class Fmp4FragmentWriterTest {
    private static final byte[] IDR = hex("00000002 6588");
    private static final byte[] P = hex("00000002 4188");

    /** An IDR at dts 0 shown at 6000 (two frames of composition delay), then a frame at 3000, next at 6000. */
    static final String VIDEO_FRAGMENT = "00000078 6d6f6f66"
            + "00000010 6d666864 00000000 00000001"                        // mfhd: sequence 1
            + "00000060 74726166"
            + "00000010 74666864 00020000 00000001"                        // tfhd: default-base-is-moof, track 1
            + "00000014 74666474 01000000 0000000000000000"                // tfdt v1: 0
            + "00000034 7472756e 01000f01 00000002 00000080"               // trun v1: offset, duration, size, flags,
            + "00000bb8 00000006 02000000 00001770"                        //   cto; 3000 ticks, sync, cto 6000
            + "00000bb8 00000006 01010000 00000000"                        //   3000 ticks, non-sync, cto 0
            + "00000014 6d646174 000000026588 000000024188";

    /** Two AAC frames (1024 samples at 48 kHz = 1920 ticks at 90 kHz) from dts 90000 (one second). */
    static final String AUDIO_FRAGMENT = "0000006c 6d6f6f66"
            + "00000010 6d666864 00000000 00000001"
            + "00000054 74726166"
            + "00000014 74666864 00020020 00000001 02000000"               // tfhd: + default sample flags (sync)
            + "00000014 74666474 01000000 000000000000bb80"                // tfdt v1: 48000
            + "00000024 7472756e 01000301 00000002 00000074"               // trun v1: offset, duration, size
            + "00000400 00000003 00000400 00000002"
            + "0000000d 6d646174 211000 2110";

    @Test
    void videoFragmentIsTheGoldenBytes() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(VIDEO));
        byte[] fragment = writer.writeFragment(List.of(video(0, 6000, true, IDR), video(3000, 3000, false, P)),
                Map.of(1, 6000L));
        assertThat(fragment).isEqualTo(hex(VIDEO_FRAGMENT));
    }

    @Test
    void audioFragmentIsTheGoldenBytes() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(AUDIO));
        byte[] fragment = writer.writeFragment(List.of(audio(90_000, hex("211000")), audio(91_920, hex("2110"))),
                Map.of(1, 93_840L));
        assertThat(fragment).isEqualTo(hex(AUDIO_FRAGMENT));
    }

    @Test
    void goldenFragmentsReadBackBehindTheirInit() {
        ParsedFile video = Fmp4Reader.read(concat(Fmp4InitSegment.write(List.of(VIDEO)), hex(VIDEO_FRAGMENT)));
        assertThat(video.samples()).extracting(ParsedSample::dts, ParsedSample::pts, ParsedSample::sync)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 6000L, true),
                        org.assertj.core.groups.Tuple.tuple(3000L, 3000L, false));
        ParsedFile audio = Fmp4Reader.read(concat(Fmp4InitSegment.write(List.of(AUDIO)), hex(AUDIO_FRAGMENT)));
        assertThat(audio.samples()).extracting(ParsedSample::dts, ParsedSample::duration)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(48_000L, 1024L),
                        org.assertj.core.groups.Tuple.tuple(49_024L, 1024L));
        assertThat(audio.samples(1).get(0).data()).isEqualTo(hex("211000"));
    }

    @Test
    void stypIsTheGoldenBytes() {
        assertThat(Fmp4FragmentWriter.styp()).isEqualTo(hex("00000018 73747970 6d736468 00000000 6d736468 636d6673"));
    }

    @Test
    void muxedFragmentPutsEachTracksSamplesTogetherAndSkipsEmptyTracks() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(VIDEO, AUDIO));
        List<MediaFrame> frames = List.of(audio(0, hex("01")), video(0, 0, true, IDR), audio(1920, hex("02")),
                video(3000, 3000, false, P));
        byte[] first = writer.writeFragment(frames, Map.of(1, 6000L, 2, 3840L));
        byte[] audioOnly = writer.writeFragment(List.of(audio(3840, hex("03"))), Map.of(2, 5760L));
        ParsedFile file = Fmp4Reader.read(concat(Fmp4InitSegment.write(List.of(VIDEO, AUDIO)), first, audioOnly));
        assertThat(file.fragments()).containsExactly(1L, 2L);
        assertThat(file.samples()).extracting(ParsedSample::trackId, ParsedSample::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1L), org.assertj.core.groups.Tuple.tuple(1, 1L),
                        org.assertj.core.groups.Tuple.tuple(2, 1L), org.assertj.core.groups.Tuple.tuple(2, 1L),
                        org.assertj.core.groups.Tuple.tuple(2, 2L));
        assertThat(file.samples(2)).extracting(s -> s.data()[0]).containsExactly((byte) 1, (byte) 2, (byte) 3);
        assertThat(BoxParser.parse(audioOnly).get(0).children("traf")).hasSize(1);
    }

    @Test
    void aPartMayStartWithAnyFrameAndTheTimelineContinues() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(VIDEO));
        byte[] a = writer.writeFragment(List.of(video(0, 0, true, IDR)), Map.of(1, 3000L));
        byte[] b = writer.writeFragment(List.of(video(3000, 3000, false, P), video(6000, 6000, false, P)),
                Map.of(1, 9000L));
        ParsedFile file = Fmp4Reader.read(concat(Fmp4InitSegment.write(List.of(VIDEO)), a, b));
        assertThat(file.samples()).extracting(ParsedSample::dts).containsExactly(0L, 3000L, 6000L);
        assertThat(file.samples().get(1).sync()).isFalse();
    }

    @Test
    void audioFromMillisecondTimestampsLastsExactly1024AndStaysWithinHalfAFrame() {
        // RTMP carries audio at whole milliseconds: 0, 21, 43, 64, ... for 21.333 ms frames.
        List<MediaFrame> frames = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            frames.add(audio(Math.round(k * 1024 * 1000.0 / 48_000) * 90, hex("21")));
        }
        List<ParsedSample> samples = muxAudio(frames, 7);
        assertThat(samples).extracting(ParsedSample::duration).containsOnly(1024L);
        assertThat(samples.get(499).dts()).isEqualTo(499 * 1024L);
    }

    @Test
    void anAudioGapResyncsToTheTimestampsAndKeepsExactDurationsAround() {
        List<MediaFrame> frames = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            int slot = k < 10 ? k : k + 5; // five frames lost
            frames.add(audio(slot * 1920L, hex("21")));
        }
        List<ParsedSample> samples = muxAudio(frames, 4);
        assertThat(samples.get(9).duration()).isEqualTo(6 * 1024);
        assertThat(samples.get(10).dts()).isEqualTo(15 * 1024);
        assertThat(samples.subList(10, 19)).extracting(ParsedSample::duration).containsOnly(1024L);
    }

    @Test
    void anEncoderClockRunningFastIsFollowedWithinHalfAFrame() {
        // Timestamps 0.5 % apart from the sample count: the sample clock falls behind until half a frame, then jumps.
        List<MediaFrame> frames = new ArrayList<>();
        for (int k = 0; k < 400; k++) {
            frames.add(audio(Math.round(k * 1920 * 1.005), hex("21")));
        }
        List<ParsedSample> samples = muxAudio(frames, 10);
        for (int k = 0; k < samples.size(); k++) {
            double input = frames.get(k).dts() * 48_000 / 90_000.0;
            assertThat(Math.abs(samples.get(k).dts() - input)).as("frame %d", k).isLessThanOrEqualTo(512.5);
        }
        assertThat(samples).extracting(ParsedSample::duration).contains(1024L).anyMatch(d -> d > 1024);
    }

    @Test
    void sequenceNumbersCountFragmentsAndAFailedCallChangesNothing() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(VIDEO));
        byte[] a = writer.writeFragment(List.of(video(0, 0, true, IDR)), Map.of(1, 3000L));
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(3000, 3000, false, P),
                video(3000, 3000, false, P)), Map.of(1, 6000L))).isInstanceOf(MediaFormatException.class);
        byte[] b = writer.writeFragment(List.of(video(3000, 3000, false, P)), Map.of(1, 6000L));
        assertThat(Fmp4Reader.read(concat(Fmp4InitSegment.write(List.of(VIDEO)), a, b)).fragments())
                .containsExactly(1L, 2L);
    }

    @Test
    void refusesBadCallsWithPreciseMessages() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(VIDEO));
        assertThatThrownBy(() -> writer.writeFragment(List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fragment needs 1 to 10000 frames, got 0");
        List<MediaFrame> many = Collections.nCopies(10_001, video(0, 0, true, IDR));
        assertThatThrownBy(() -> writer.writeFragment(many, Map.of(1, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fragment needs 1 to 10000 frames, got 10001");
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(0, 0, true, IDR)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextDtsByTrack has no entry for track 1, which has frames in this fragment");
        assertThatThrownBy(() -> writer.writeFragment(List.of(audio(0, hex("21"))), Map.of(1, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AudioFrame[AAC dts=0 1 B] has config AudioConfig[mp4a.40.2 48000 Hz 2 ch], which is"
                        + " none of this writer's [VideoConfig[avc1.64001f 1280x720]]: a config change needs a new"
                        + " init segment and writer");
        var other = AvcDecoderConfig.parse(hex("0164001fffe1001c" + Samples.SPS + "010004 68efbcb1"));
        assertThatThrownBy(() -> writer.writeFragment(List.of(new VideoFrame(other, 0, 0, true, IDR)),
                Map.of(1, 1L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("a config change needs a new init segment and writer");
    }

    @Test
    void refusesBadTimestampsAndDataWithPreciseMessages() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(VIDEO));
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(-1, 0, true, IDR)), Map.of(1, 1L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 dts -1 is outside 0..4398046511104");
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(3000, 3000, true, IDR),
                video(3000, 3000, false, P)), Map.of(1, 6000L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 dts 3000 does not increase after 3000");
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(3000, 3000, true, IDR)), Map.of(1, 3000L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 next dts 3000 is not after the last dts 3000 (or beyond 4398046511104)");
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(0, 0, true, new byte[0])), Map.of(1, 1L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 frame at dts 0 is empty");
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(0, 0, true, hex("00000009 65"))), Map.of(1, 1L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 frame at dts 0: NAL unit length 9 at byte 0 exceeds the 1 bytes left");
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(0, 1L << 31, true, IDR)), Map.of(1, 1L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 frame at dts 0 has a composition offset of 2147483648, beyond trun's signed"
                        + " 32-bit field");
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(0, 0, true, IDR)), Map.of(1, 1L << 33)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 sample at dts 0 would last 8589934592 ticks (next dts 8589934592), outside"
                        + " trun's 1..4294967295");

        writer.writeFragment(List.of(video(0, 0, true, IDR)), Map.of(1, 3000L));
        assertThatThrownBy(() -> writer.writeFragment(List.of(video(2999, 2999, false, P)), Map.of(1, 6000L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 fragment starts at dts 2999, before the end 3000 the previous fragment declared");
    }

    @Test
    void audioFramesTooCloseToMapToDistinctSampleTimesAreRefused() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(AUDIO));
        // 1 tick at 90 kHz apart: both round to sample time 1 (0.53 and 1.07 at 48 kHz).
        assertThatThrownBy(() -> writer.writeFragment(List.of(audio(1, hex("21")), audio(2, hex("21"))),
                Map.of(1, 1920L))).isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1 sample at dts 1 would last 0 ticks (next dts 2), outside trun's 1..4294967295");
    }

    @Test
    void fragmentPayloadIsLimited() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.of(AUDIO));
        byte[] frame = new byte[26_844]; // one array 10,000 times: the sum is checked before anything is copied
        List<MediaFrame> frames = new ArrayList<>();
        for (int k = 0; k < Fmp4FragmentWriter.MAX_SAMPLES_PER_FRAGMENT; k++) {
            frames.add(audio(k * 1920L, frame));
        }
        assertThatThrownBy(() -> writer.writeFragment(frames, Map.of(1, 10_000 * 1920L)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("fragment payload of 268440000 bytes exceeds 268435456");
    }

    private static List<ParsedSample> muxAudio(List<MediaFrame> frames, int perFragment) {
        List<TrackConfig> tracks = List.of(AUDIO);
        return Fmp4Reader.read(Fragmenter.mux(tracks, Fragmenter.cut(frames, (f, x) -> f.size() == perFragment),
                false)).samples(1);
    }

    static VideoFrame video(long dts, long pts, boolean key, byte[] data) {
        return new VideoFrame(VIDEO, dts, pts, key, data);
    }

    static AudioFrame audio(long dts, byte[] data) {
        return new AudioFrame(AUDIO, dts, data);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
