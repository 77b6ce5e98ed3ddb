package io.onair.media.aac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFormatException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AdtsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesFfmpegHeadersBothWays() {
        assertThat(HEX.formatHex(Adts.header(AudioSpecificConfig.parse(HEX.parseHex("1210")), 133)))
                .isEqualTo("fff15080119ffc");
        assertThat(HEX.formatHex(Adts.header(AudioSpecificConfig.parse(HEX.parseHex("1188")), 212)))
                .isEqualTo("fff14c401b7ffc");

        AdtsHeader parsed = AdtsHeader.parse(HEX.parseHex("fff15080119ffc"), 0);
        assertThat(parsed).isEqualTo(new AdtsHeader(2, 44100, 2, 133));
        assertThat(HEX.formatHex(parsed.encode())).isEqualTo("fff15080119ffc");
    }

    @Test
    void heAacHeadersDescribeTheLcCore() {
        // SBR core 22.05 kHz stereo → profile 1 (LC), index 7, channels 2; PS core is mono.
        assertThat(AdtsHeader.parse(Adts.header(AudioSpecificConfig.parse(HEX.parseHex("2b920800")), 100), 0))
                .isEqualTo(new AdtsHeader(2, 22050, 2, 100));
        assertThat(AdtsHeader.parse(Adts.header(AudioSpecificConfig.parse(HEX.parseHex("eb8a0800")), 100), 0))
                .isEqualTo(new AdtsHeader(2, 22050, 1, 100));
    }

    @Test
    void rejectsWhatAdtsCannotSay() {
        assertError(() -> Adts.header(AudioSpecificConfig.parse(HEX.parseHex("1780560c10")), 10),
                "ADTS cannot carry sampling frequency 44056 (no table index, and ADTS has no explicit form)");
        assertError(() -> Adts.header(AudioSpecificConfig.parse(HEX.parseHex("1214")), 10),
                "ADTS cannot signal 960-sample frames (frameLengthFlag 1)");
        assertError(() -> Adts.header(AudioSpecificConfig.parse(HEX.parseHex("1210")), 8185),
                "AAC frame of 8185 bytes exceeds ADTS' 8184");
        assertThat(HEX.formatHex(Adts.header(AudioSpecificConfig.parse(HEX.parseHex("1210")), 8184)))
                .isEqualTo("fff15083fffffc");
    }

    @Test
    void parseRejectsBrokenHeaders() {
        assertError(() -> AdtsHeader.parse(HEX.parseHex("fff150"), 0), "ADTS header truncated: 3 bytes at offset 0");
        assertError(() -> AdtsHeader.parse(HEX.parseHex("fff15080119ffc"), 9), "ADTS header truncated: 0 bytes at offset 9");
        assertError(() -> AdtsHeader.parse(HEX.parseHex("ffe15080119ffc"), 0), "ADTS sync word missing at offset 0");
        assertError(() -> AdtsHeader.parse(HEX.parseHex("fff17480119ffc"), 0), "ADTS sampling_frequency_index 13 is reserved");
        assertError(() -> AdtsHeader.parse(HEX.parseHex("fff15080001ffc"), 0), "ADTS aac_frame_length 0 is shorter than its 7-byte header");
    }

    private static void assertError(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(MediaFormatException.class).hasMessage(message);
    }
}
