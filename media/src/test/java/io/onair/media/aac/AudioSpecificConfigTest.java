package io.onair.media.aac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.AudioCodec;
import io.onair.media.AudioConfig;
import io.onair.media.MediaFormatException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioSpecificConfigTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
            // asc,       type, core, rate,  output, chCfg, channels, codecs
            "1210,          2, 2, 44100, 44100, 2, 2, mp4a.40.2",
            "1190,          2, 2, 48000, 48000, 2, 2, mp4a.40.2",
            "1188,          2, 2, 48000, 48000, 1, 1, mp4a.40.2",
            "1780560c10,    2, 2, 44056, 44056, 2, 2, mp4a.40.2",
            "2b920800,      5, 2, 22050, 44100, 2, 2, mp4a.40.5",
            "eb8a0800,     29, 2, 22050, 44100, 1, 2, mp4a.40.29",
    })
    void decodesAndEncodesBackToTheSameBytes(String hex, int type, int core, int rate, int output, int channelConfig,
                                             int channels, String codecs) {
        byte[] asc = HEX.parseHex(hex);

        AudioSpecificConfig decoded = AudioSpecificConfig.decode(asc);
        AudioConfig config = AudioSpecificConfig.parse(asc);

        assertThat(decoded).isEqualTo(new AudioSpecificConfig(type, core, rate, output, channelConfig, false));
        assertThat(HEX.formatHex(decoded.encode())).isEqualTo(hex);
        assertThat(config.codec()).isEqualTo(AudioCodec.AAC);
        assertThat(config.objectType()).isEqualTo(type);
        assertThat(config.sampleRate()).as("core rate, see the class comment").isEqualTo(rate);
        assertThat(config.samplesPerFrame()).isEqualTo(1024);
        assertThat(config.channels()).isEqualTo(channels);
        assertThat(config.codecsString()).isEqualTo(codecs);
        assertThat(config.decoderConfig()).isEqualTo(asc);
    }

    @Test
    void heAacFrameLastsAsLongAsTwiceTheSamplesAtTheOutputRate() {
        AudioSpecificConfig he = AudioSpecificConfig.decode(HEX.parseHex("2b920800"));
        assertThat((double) he.samplesPerFrame() / he.sampleRate()).isEqualTo(2048.0 / he.outputSampleRate());
    }

    @Test
    void readsEscapedObjectTypesAndFrameLengthFlag() {
        // audioObjectType 31 + 6 bits: 32 + 10 = 42 (USAC), rejected by name.
        assertError("f9484000", "unsupported audio object type 42 (supported: 1-4 AAC, 5 SBR, 29 PS)");
        AudioSpecificConfig shortFrames = AudioSpecificConfig.decode(HEX.parseHex("1214"));
        assertThat(shortFrames.samplesPerFrame()).isEqualTo(960);
        assertThat(HEX.formatHex(shortFrames.encode())).isEqualTo("1214");
    }

    @Test
    void ignoresBackwardCompatibleSbrSignallingAfterTheLcConfig() {
        // 1210 then syncExtensionType 0x2b7, SBR, sbrPresentFlag 1, 88.2 kHz: what some FLV muxers append.
        AudioConfig config = AudioSpecificConfig.parse(HEX.parseHex("121056e5a0"));
        assertThat(config.codecsString()).isEqualTo("mp4a.40.2");
        assertThat(config.sampleRate()).isEqualTo(44100);
    }

    @Test
    void rejectsMalformedConfigsWithPreciseMessages() {
        assertError("", "AudioSpecificConfig truncated: needs 5 bits at bit 0 of 0");
        assertError("1780", "AudioSpecificConfig truncated: needs 24 bits at bit 9 of 16");
        assertError("16", "AudioSpecificConfig truncated: needs 4 bits at bit 5 of 8"); // 00010 110: index 13, but 8 bits only
        assertError("1690", "AAC samplingFrequencyIndex 13 is reserved");
        assertError("1200", "unsupported AAC channelConfiguration 0 (supported: 1-7)");
        assertError("1780000010", "AAC explicit sampling frequency is 0");
        assertError("3a10", "unsupported audio object type 7 (supported: 1-4 AAC, 5 SBR, 29 PS)");
        assertError("2b924400", "unsupported AAC core object type 17 for object type 5");
    }

    private static void assertError(String hex, String message) {
        assertThatThrownBy(() -> AudioSpecificConfig.parse(HEX.parseHex(hex)))
                .isInstanceOf(MediaFormatException.class).hasMessage(message);
    }
}
