package io.onair.media.flv;

import static io.onair.media.flv.FlvSamples.AVCC;
import static io.onair.media.flv.FlvSamples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFormatException;
import io.onair.media.VideoCodec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden video tag bodies (FLV v10.1 E.4.3.1, Enhanced RTMP v2) parsed and encoded back to the same bytes. */
class FlvVideoTagTest {
    private static FlvVideoTag roundTrip(String hex) {
        FlvVideoTag tag = FlvVideoTag.parse(hex(hex));
        assertThat(HexFormat.of().formatHex(tag.encode())).isEqualTo(hex.replaceAll("\\s", ""));
        return tag;
    }

    @Test
    void avcSequenceHeader() {
        FlvVideoTag tag = roundTrip("17 00 000000" + AVCC);
        assertThat(tag).isEqualTo(new FlvVideoTag(VideoFrameType.KEY, VideoCodec.H264,
                VideoPacketType.SEQUENCE_START, 0, false, hex(AVCC)));
    }

    @Test
    void avcNaluWithNegativeAndPositiveCompositionTime() {
        assertThat(roundTrip("27 01 000043 00000002 0910").compositionTime()).isEqualTo(67);
        FlvVideoTag tag = roundTrip("27 01 ffffdf 00000002 0910");
        assertThat(tag.compositionTime()).isEqualTo(-33);
        assertThat(tag.frameType()).isEqualTo(VideoFrameType.INTER);
        assertThat(tag.payload()).isEqualTo(hex("00000002 0910"));
    }

    @Test
    void avcEndOfSequence() {
        assertThat(roundTrip("17 02 000000").packetType()).isEqualTo(VideoPacketType.SEQUENCE_END);
    }

    @Test
    void enhancedHevcAndAv1AreRecognised() {
        FlvVideoTag hevc = roundTrip("90 68766331 0102");
        assertThat(hevc.codec()).isEqualTo(VideoCodec.HEVC);
        assertThat(hevc.packetType()).isEqualTo(VideoPacketType.SEQUENCE_START);
        FlvVideoTag hevcFrame = roundTrip("a1 68766331 000021 aabb");
        assertThat(hevcFrame.compositionTime()).isEqualTo(33);
        FlvVideoTag av1 = roundTrip("91 61763031 0a0b");
        assertThat(av1.codec()).isEqualTo(VideoCodec.AV1);
        assertThat(av1.compositionTime()).isZero();
        assertThat(av1.payload()).isEqualTo(hex("0a0b"));
    }

    @Test
    void enhancedAvcWithAndWithoutCompositionTime() {
        assertThat(roundTrip("91 61766331 000021 00000001 65").compositionTime()).isEqualTo(33);
        FlvVideoTag x = roundTrip("a3 61766331 00000001 41");
        assertThat(x.packetType()).isEqualTo(VideoPacketType.CODED_FRAMES_X);
        assertThat(x.compositionTime()).isZero();
    }

    @Test
    void legacyHevcCodecId12IsRecognised() {
        assertThat(roundTrip("1c 00 000000 01").codec()).isEqualTo(VideoCodec.HEVC);
    }

    @Test
    void otherCodecsAreRefusedWithAFix() {
        assertThatThrownBy(() -> FlvVideoTag.parse(hex("22 00"))).isInstanceOf(UnsupportedCodecException.class)
                .hasMessage("Onair packages H.264 video and AAC audio; this stream's video is Sorenson H.263. "
                        + "Set OBS's encoder to x264 or NVENC H.264.");
        assertThatThrownBy(() -> FlvVideoTag.parse(hex("91 76703039 00")))
                .isInstanceOf(UnsupportedCodecException.class).hasMessageContaining("video is VP9");
        assertThatThrownBy(() -> FlvVideoTag.parse(hex("96 00"))).isInstanceOf(UnsupportedCodecException.class)
                .hasMessageContaining("Enhanced RTMP multitrack video");
    }

    @Test
    void malformedTags() {
        assertThatThrownBy(() -> FlvVideoTag.parse(new byte[0])).isInstanceOf(MediaFormatException.class)
                .hasMessage("video tag is empty");
        assertThatThrownBy(() -> FlvVideoTag.parse(hex("17 01 00"))).isInstanceOf(MediaFormatException.class)
                .hasMessage("video tag of 3 bytes is shorter than its 5-byte header");
        assertThatThrownBy(() -> FlvVideoTag.parse(hex("17 05 000000"))).isInstanceOf(MediaFormatException.class)
                .hasMessage("video packet type 5 is not defined for AVC (0-2)");
        assertThatThrownBy(() -> FlvVideoTag.parse(hex("07 00 000000"))).isInstanceOf(MediaFormatException.class)
                .hasMessage("video frame type 0 is not defined (1-5)");
        assertThatThrownBy(() -> FlvVideoTag.parse(hex("91 617663"))).isInstanceOf(MediaFormatException.class)
                .hasMessage("enhanced video tag of 4 bytes has no FourCC");
    }
}
