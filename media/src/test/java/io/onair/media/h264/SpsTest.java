package io.onair.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFormatException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpsTest {
    @ParameterizedTest
    @CsvSource({
            // name,       profile, constraints, level, chroma, frameMbsOnly, width, height, fps, codecs
            "baseline720,   66, 192, 31, 1, true,  1280,  720, 30, avc1.42c01f",
            "main720,       77,  64, 31, 1, true,  1280,  720, 30, avc1.4d401f",
            "high720,      100,   0, 31, 1, true,  1280,  720, 30, avc1.64001f",
            "high1080,     100,   0, 40, 1, true,  1920, 1080, 25, avc1.640028",
            "interlaced1080, 100, 0, 40, 1, false, 1920, 1080, 25, avc1.640028",
            "high444cqm,   244,   0, 31, 3, true,   640,  360, 60, avc1.f4001f",
    })
    void parsesRealX264Sps(String name, int profile, int constraints, int level, int chroma, boolean frameMbsOnly,
                           int width, int height, double fps, String codecs) {
        Sps sps = Sps.parse(H264Fixtures.get(name, "sps"));

        assertThat(sps.profileIdc()).isEqualTo(profile);
        assertThat(sps.constraintFlags()).isEqualTo(constraints);
        assertThat(sps.levelIdc()).isEqualTo(level);
        assertThat(sps.chromaFormatIdc()).isEqualTo(chroma);
        assertThat(sps.bitDepthLuma()).isEqualTo(8);
        assertThat(sps.frameMbsOnly()).isEqualTo(frameMbsOnly);
        assertThat(sps.width()).isEqualTo(width);
        assertThat(sps.height()).isEqualTo(height);
        assertThat(sps.frameRate()).hasValue(fps);
        assertThat(sps.codecsString()).isEqualTo(codecs);
    }

    @Test
    void spsWithoutVuiHasNoFrameRate() {
        // baseline 176x144 (11x9 MBs), poc type 2, no cropping, no VUI: built bit by bit from §7.3.2.1.1.
        byte[] sps = HexFormat.of().parseHex("6742c00ada0b1390");
        Sps parsed = Sps.parse(sps);
        assertThat(parsed.width()).isEqualTo(176);
        assertThat(parsed.height()).isEqualTo(144);
        assertThat(parsed.frameRate()).isEmpty();
    }

    @Test
    void rejectsOtherNalTypes() {
        assertThatThrownBy(() -> Sps.parse(H264Fixtures.get("high720", "pps")))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("NAL unit type 8 is not an SPS (7)");
    }

    @Test
    void rejectsTruncatedSps() {
        byte[] sps = H264Fixtures.get("high720", "sps");
        assertThatThrownBy(() -> Sps.parse(sps, 0, 8))
                .isInstanceOf(MediaFormatException.class)
                .hasMessageStartingWith("SPS truncated: needs 1 bits at bit 56 of 56");
    }

    @Test
    void rejectsOversizedPicture() {
        // pic_width_in_mbs_minus1 = 2047, beyond level 6.2.
        byte[] sps = HexFormat.of().parseHex("6742c00ada00080013");
        assertThatThrownBy(() -> Sps.parse(sps))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("SPS: pic_width_in_mbs_minus1 2047 exceeds 1054");
    }
}
