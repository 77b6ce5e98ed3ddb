package io.onair.media.h264;

import io.onair.media.MediaFormatException;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated inputs: every parser may fail only with {@link MediaFormatException}. A hang would show
 * as the test's timeout; an oversized allocation as an OutOfMemoryError, which is not a MediaFormatException.
 */
class H264FuzzTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void spsParserFailsOnlyWithMediaFormatException() {
        List<byte[]> seeds = List.of(H264Fixtures.get("high720", "sps"), H264Fixtures.get("high444cqm", "sps"),
                H264Fixtures.get("interlaced1080", "sps"), H264Fixtures.get("baseline720", "sps"));
        fuzz(1, seeds, Sps::parse);
    }

    @Test
    void avcCParserFailsOnlyWithMediaFormatException() {
        byte[] avcC = H264Fixtures.get("high720", "avcC");
        fuzz(2, List.of(avcC), AvcDecoderConfig::parse);
        fuzz(3, List.of(avcC), b -> AvcDecoderConfig.build(List.of(b), List.of(H264Fixtures.get("high720", "pps"))));
    }

    @Test
    void naluWalkersFailOnlyWithMediaFormatException() {
        byte[] au = java.util.HexFormat.of().parseHex("0000000209f00000000465888400000000030605ff");
        fuzz(4, List.of(au), b -> Nalus.toLength4(b, 1));
        fuzz(5, List.of(au), b -> Nalus.toLength4(b, 2));
        fuzz(6, List.of(au), Nalus::toAnnexB);
        fuzz(7, List.of(au), Nalus::containsIdr);
    }

    static void fuzz(long seed, List<byte[]> seeds, Consumer<byte[]> parser) {
        Random random = new Random(seed);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input;
            if (i % 4 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
            } else {
                input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            }
            try {
                parser.accept(input);
            } catch (MediaFormatException expected) {
                // the only permitted failure
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + seed + " iteration " + i + " input "
                        + java.util.HexFormat.of().formatHex(input), e);
            }
        }
    }

    /** Flips bits, overwrites bytes, truncates or extends: the damage a lossy link or a bad encoder does. */
    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            switch (random.nextInt(4)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
                default -> b = java.util.Arrays.copyOf(b, b.length + random.nextInt(8));
            }
        }
        return b;
    }
}
