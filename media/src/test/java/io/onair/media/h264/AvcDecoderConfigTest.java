package io.onair.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFormatException;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvcDecoderConfigTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void parsesFfmpegHighProfileRecordAndBuildsItBackByteForByte() {
        byte[] avcC = H264Fixtures.get("high720", "avcC");

        VideoConfig config = AvcDecoderConfig.parse(avcC);

        assertThat(config.codec()).isEqualTo(VideoCodec.H264);
        assertThat(config.width()).isEqualTo(1280);
        assertThat(config.height()).isEqualTo(720);
        assertThat(config.codecsString()).isEqualTo("avc1.64001f");
        assertThat(config.sps()).containsExactly(H264Fixtures.get("high720", "sps"));
        assertThat(config.pps()).containsExactly(H264Fixtures.get("high720", "pps"));
        assertThat(config.decoderConfig()).isEqualTo(avcC);
        assertThat(AvcDecoderConfig.lengthSize(avcC)).isEqualTo(4);
        assertThat(AvcDecoderConfig.build(config.sps(), config.pps())).isEqualTo(avcC);
    }

    @Test
    void buildsBaselineRecordWithoutHighProfileExtensionAndParsesItBack() {
        byte[] sps = H264Fixtures.get("baseline720", "sps");
        byte[] pps = H264Fixtures.get("baseline720", "pps");

        byte[] avcC = AvcDecoderConfig.build(List.of(sps), List.of(pps));

        assertThat(HEX.formatHex(avcC)).isEqualTo("0142c01fffe10019" + HEX.formatHex(sps) + "010005" + HEX.formatHex(pps));
        VideoConfig config = AvcDecoderConfig.parse(avcC);
        assertThat(config.sps()).containsExactly(sps);
        assertThat(config.pps()).containsExactly(pps);
        assertThat(config.codecsString()).isEqualTo("avc1.42c01f");
    }

    @Test
    void cropsTheCodedHeightOf1080p() {
        VideoConfig config = AvcDecoderConfig.parse(AvcDecoderConfig.build(
                List.of(H264Fixtures.get("high1080", "sps")), List.of(H264Fixtures.get("high1080", "pps"))));
        assertThat(config.width()).isEqualTo(1920);
        assertThat(config.height()).isEqualTo(1080);
        assertThat(config.codecsString()).isEqualTo("avc1.640028");
    }

    @Test
    void normalisesShortLengthSizeToFourBytesInTheConfig() {
        byte[] avcC = H264Fixtures.get("high720", "avcC");
        avcC[4] = (byte) 0xFD; // lengthSizeMinusOne = 1

        assertThat(AvcDecoderConfig.lengthSize(avcC)).isEqualTo(2);
        VideoConfig config = AvcDecoderConfig.parse(avcC);
        assertThat(config.decoderConfig()[4]).isEqualTo((byte) 0xFF);
        assertThat(AvcDecoderConfig.lengthSize(config.decoderConfig())).isEqualTo(4);
        assertThat(avcC[4]).isEqualTo((byte) 0xFD);
    }

    @Test
    void rejectsMalformedRecordsWithPreciseMessages() {
        byte[] good = H264Fixtures.get("high720", "avcC");
        assertError(new byte[] {1, 0x64, 0, 0x1F}, "avcC of 4 bytes is shorter than its 7-byte minimum");
        assertError(with(good, 0, 2), "avcC configurationVersion 2 is not 1");
        assertError(with(good, 4, 0xFE), "avcC lengthSizeMinusOne 2 is reserved (only 0, 1 and 3 are allowed)");
        assertError(with(good, 5, 0xE0), "avcC has no SPS");
        assertError(with(good, 7, 0xFF), "avcC SPS 0 length 255 at byte 6 does not fit the 39 bytes left");
        assertError(with(good, 8, 0x68), "avcC SPS 0 has NAL unit type 8, expected 7");
        assertError(with(good, 34, 0), "avcC has no PPS");
        assertError(java.util.Arrays.copyOf(good, 34), "avcC truncated before numOfPictureParameterSets at byte 34");
        assertError(with(good, 5, 0xE2), "avcC SPS 1 length 256 at byte 34 does not fit the 11 bytes left");
    }

    @Test
    void buildRejectsBadParameterSets() {
        byte[] sps = H264Fixtures.get("high720", "sps");
        byte[] pps = H264Fixtures.get("high720", "pps");
        assertThatThrownBy(() -> AvcDecoderConfig.build(List.of(), List.of(pps)))
                .isInstanceOf(MediaFormatException.class).hasMessage("avcC needs 1 to 31 SPS, got 0");
        assertThatThrownBy(() -> AvcDecoderConfig.build(List.of(sps), List.of(sps)))
                .isInstanceOf(MediaFormatException.class).hasMessage("PPS has NAL unit type 7, expected 8");
        assertThatThrownBy(() -> AvcDecoderConfig.build(List.of(sps), List.of(new byte[70_000])))
                .isInstanceOf(MediaFormatException.class).hasMessage("PPS of 70000 bytes does not fit avcC's u16 length");
    }

    private static byte[] with(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static void assertError(byte[] avcC, String message) {
        assertThatThrownBy(() -> AvcDecoderConfig.parse(avcC)).isInstanceOf(MediaFormatException.class).hasMessage(message);
    }
}
