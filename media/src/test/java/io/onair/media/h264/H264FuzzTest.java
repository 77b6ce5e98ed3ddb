package io.onair.media.h264;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated inputs: every H.264 parser may fail only with MediaFormatException (see {@link Fuzz}).
 */
class H264FuzzTest {
    @Test
    void spsParserFailsOnlyWithMediaFormatException() {
        List<byte[]> seeds = List.of(H264Fixtures.get("high720", "sps"), H264Fixtures.get("high444cqm", "sps"),
                H264Fixtures.get("interlaced1080", "sps"), H264Fixtures.get("baseline720", "sps"));
        Fuzz.run(1, seeds, Sps::parse);
    }

    @Test
    void avcCParserFailsOnlyWithMediaFormatException() {
        byte[] avcC = H264Fixtures.get("high720", "avcC");
        Fuzz.run(2, List.of(avcC), AvcDecoderConfig::parse);
        Fuzz.run(3, List.of(avcC), b -> AvcDecoderConfig.build(List.of(b), List.of(H264Fixtures.get("high720", "pps"))));
    }

    @Test
    void naluWalkersFailOnlyWithMediaFormatException() {
        byte[] au = java.util.HexFormat.of().parseHex("0000000209f00000000465888400000000030605ff");
        Fuzz.run(4, List.of(au), b -> Nalus.toLength4(b, 1));
        Fuzz.run(5, List.of(au), b -> Nalus.toLength4(b, 2));
        Fuzz.run(6, List.of(au), Nalus::toAnnexB);
        Fuzz.run(7, List.of(au), Nalus::containsIdr);
    }
}
