package io.onair.media.flv;

import static io.onair.media.flv.FlvSamples.ASC;
import static io.onair.media.flv.FlvSamples.AVCC;
import static io.onair.media.flv.FlvSamples.PPS;
import static io.onair.media.flv.FlvSamples.SPS;
import static io.onair.media.flv.FlvSamples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.AudioFrame;
import io.onair.media.MediaFormatException;
import io.onair.media.VideoFrame;
import org.junit.jupiter.api.Test;

class FlvDemuxerTest {
    private final FlvDemuxer demuxer = new FlvDemuxer();

    @Test
    void framesBeforeTheirSequenceHeaderAreCountedAndSkipped() {
        assertThat(demuxer.video(0, hex("17 01 000000 00000001 65"))).isEmpty();
        assertThat(demuxer.audio(0, hex("af 01 2110"))).isEmpty();
        assertThat(demuxer.framesBeforeConfig()).isEqualTo(2);
    }

    @Test
    void ptsIsDtsPlusCompositionTimeIn90kHz() {
        assertThat(demuxer.video(1000, hex("17 00 000000" + AVCC))).isEmpty();
        assertThat(demuxer.videoConfig()).hasValueSatisfying(c -> {
            assertThat(c.width()).isEqualTo(1280);
            assertThat(c.height()).isEqualTo(720);
        });
        VideoFrame key = (VideoFrame) demuxer.video(1000, hex("17 01 000043 00000002 6588")).orElseThrow();
        assertThat(key.keyframe()).isTrue();
        assertThat(key.dts()).isEqualTo(90_000);
        assertThat(key.pts()).isEqualTo(90 * 1067);
        assertThat(key.data()).isEqualTo(hex("00000002 6588"));
        VideoFrame b = (VideoFrame) demuxer.video(1033, hex("27 01 000000 00000002 0188")).orElseThrow();
        assertThat(b.keyframe()).isFalse();
        assertThat(b.pts()).isEqualTo(b.dts()).isEqualTo(90 * 1033);
    }

    @Test
    void theFirstBytesOfAKeyframeTellItsTimestampsWithoutMovingTheClock() {
        assertThat(demuxer.keyframeStart(1000, hex("17 01 000043 000000"))).as("before the sequence header").isEmpty();
        demuxer.video(1000, hex("17 00 000000" + AVCC));
        assertThat(demuxer.keyframeStart(1000, hex("17 01 000043 000000"))).as("a new sequence header: the keyframe"
                + " starts new tracks, its cut waits for the frame").isEmpty();
        demuxer.video(1000, hex("17 01 000043 00000002 6588"));
        demuxer.video(1033, hex("27 01 000000 00000002 0188"));
        // an unchanged sequence header repeated before a keyframe (some encoders do) changes nothing
        demuxer.video(2000, hex("17 00 000000" + AVCC));
        assertThat(demuxer.keyframeStart(2000, hex("17 01 000043 000000"))).hasValue(
                new FlvDemuxer.KeyframeStart(90 * 2000, 90 * 2067));
        assertThat(demuxer.keyframeStart(2000, hex("27 01 000043 000000"))).as("an inter frame").isEmpty();
        assertThat(demuxer.keyframeStart(2000, hex("17 00 000000 016400"))).as("a sequence header").isEmpty();
        assertThat(demuxer.keyframeStart(2000, hex("17 01 0000"))).as("too short to tell").isEmpty();
        assertThat(demuxer.keyframeStart(2000, hex("1c 01 000000 000000"))).as("legacy HEVC").isEmpty();
        // Enhanced RTMP: KEY | CodedFrames with its CTS, and CodedFramesX (no CTS field: zero)
        assertThat(demuxer.keyframeStart(2000, hex("91 61766331 000021"))).hasValue(
                new FlvDemuxer.KeyframeStart(90 * 2000, 90 * 2033));
        assertThat(demuxer.keyframeStart(2000, hex("93 61766331 000000"))).hasValue(
                new FlvDemuxer.KeyframeStart(90 * 2000, 90 * 2000));
        assertThat(demuxer.keyframeStart(2000, hex("91 68766331 000021"))).as("enhanced HEVC").isEmpty();
        // peeking moved nothing: the frame itself unwraps from where the clock was
        VideoFrame key = (VideoFrame) demuxer.video(2000, hex("17 01 000043 00000002 6588")).orElseThrow();
        assertThat(key.dts()).isEqualTo(90 * 2000);
    }

    @Test
    void theKeyframeStartUnwrapsLikeTheFrame() {
        demuxer.video(0xFFFF_FFF0L, hex("17 00 000000" + AVCC));
        demuxer.video(0xFFFF_FFF0L, hex("17 01 000000 00000002 6588"));
        assertThat(demuxer.keyframeStart(0x10, hex("17 01 000000 000000"))).hasValue(
                new FlvDemuxer.KeyframeStart(0x1_0000_0010L * 90, 0x1_0000_0010L * 90));
    }

    @Test
    void repeatedParameterSetsAreDroppedAndShortLengthsWidened() {
        String twoByteAvcc = AVCC.substring(0, 8) + "fd" + AVCC.substring(10);
        demuxer.video(0, hex("17 00 000000" + twoByteAvcc));
        VideoFrame f = (VideoFrame) demuxer.video(0, hex("17 01 000000 001c" + SPS + "0004" + PPS + "0002 6588"))
                .orElseThrow();
        assertThat(f.data()).isEqualTo(hex("00000002 6588"));
    }

    @Test
    void timestampsContinueAcrossTheRtmpWrap() {
        demuxer.audio(0xFFFF_FFE0L, hex("af 00" + ASC));
        AudioFrame a = (AudioFrame) demuxer.audio(0xFFFF_FFF7L, hex("af 01 2110")).orElseThrow();
        AudioFrame b = (AudioFrame) demuxer.audio(0x10, hex("af 01 2110")).orElseThrow();
        assertThat(a.dts()).isEqualTo(0xFFFF_FFF7L * 90);
        assertThat(b.dts()).isEqualTo(0x1_0000_0010L * 90);
        assertThat(a.config().sampleRate()).isEqualTo(48_000);
    }

    @Test
    void aMalformedFrameFailsAloneAndTheDemuxerGoesOn() {
        demuxer.video(0, hex("17 00 000000" + AVCC));
        assertThatThrownBy(() -> demuxer.video(33, hex("27 01 000000 00000009 41")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("NAL unit of 9 bytes at byte 4 runs past the 1 bytes left");
        assertThat(demuxer.video(66, hex("27 01 000000 00000001 41"))).isPresent();
    }

    @Test
    void aBadSequenceHeaderIsItsOwnError() {
        assertThatThrownBy(() -> demuxer.video(0, hex("17 00 000000 01")))
                .isInstanceOf(SequenceHeaderException.class).hasMessageStartingWith("H.264 sequence header: ");
    }

    @Test
    void hevcAndAv1AreRefusedWithAFix() {
        assertThatThrownBy(() -> demuxer.video(0, hex("90 68766331 01")))
                .isInstanceOf(UnsupportedCodecException.class)
                .hasMessage("Onair packages H.264 video and AAC audio; this stream's video is HEVC (H.265). "
                        + "Set OBS's encoder to x264 or NVENC H.264.");
        assertThatThrownBy(() -> demuxer.video(0, hex("1c 00 000000 01")))
                .isInstanceOf(UnsupportedCodecException.class).hasMessageContaining("HEVC");
        assertThatThrownBy(() -> demuxer.video(0, hex("90 61763031 01")))
                .isInstanceOf(UnsupportedCodecException.class).hasMessageContaining("video is AV1");
    }
}
