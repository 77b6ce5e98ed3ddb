package io.onair.media.h264;

import io.onair.media.MediaFormatException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded random and mutated inputs for the codec fuzz tests of h264, aac and ts (here because this package is
 * the first of them; it belongs in a shared test-support place once there is one). A parser may fail only with
 * {@link MediaFormatException}: an index error fails the test, an oversized allocation shows as OutOfMemoryError.
 */
public final class Fuzz {
    public static final int ITERATIONS = 20_000;

    private Fuzz() {
    }

    public static void run(long seed, List<byte[]> seeds, Consumer<byte[]> parser) {
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
                        + HexFormat.of().formatHex(input), e);
            }
        }
    }

    /** Flips bits, overwrites bytes, truncates or extends: the damage a lossy link or a bad encoder does. */
    public static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            switch (random.nextInt(4)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                default -> b = Arrays.copyOf(b, b.length + random.nextInt(8));
            }
        }
        return b;
    }
}
