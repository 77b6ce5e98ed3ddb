package io.onair.media.aac;

import io.onair.media.h264.Fuzz;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AacFuzzTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void audioSpecificConfigFailsOnlyWithMediaFormatException() {
        Fuzz.run(11, List.of(HEX.parseHex("1210"), HEX.parseHex("2b920800"), HEX.parseHex("eb8a0800"),
                HEX.parseHex("1780560c10")), b -> Adts.header(AudioSpecificConfig.parse(b), 100));
    }

    @Test
    void adtsParserFailsOnlyWithMediaFormatException() {
        Fuzz.run(12, List.of(HEX.parseHex("fff15080119ffc")), b -> AdtsHeader.parse(b, 0).encode());
    }
}
