package io.onair.media.h264;

import io.onair.media.MediaFormatException;

/**
 * Reads bits MSB first from an RBSP, with the Exp-Golomb codes of ITU-T H.264 §9.1. Every read is bounds checked
 * and fails with a {@link MediaFormatException} naming the structure and bit position, never an index exception.
 */
final class BitReader {
    /** ue(v) with more leading zeros would exceed 2^32 - 2, which no H.264 syntax element reaches (§9.1). */
    private static final int MAX_LEADING_ZEROS = 31;

    private final byte[] data;
    private final int end;
    private final String what;
    private long bit;

    BitReader(byte[] data, int offset, int length, String what) {
        this.data = data;
        this.end = offset + length;
        this.bit = (long) offset * 8;
        this.what = what;
    }

    boolean flag() {
        return bits(1) == 1;
    }

    /** Reads n ≤ 32 bits as an unsigned value. */
    long bits(int n) {
        if (bit + n > (long) end * 8) {
            throw new MediaFormatException(what + " truncated: needs " + n + " bits at bit " + bit + " of "
                    + (long) end * 8);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int b = data[(int) (bit >>> 3)] >> (7 - (int) (bit & 7)) & 1;
            v = v << 1 | b;
            bit++;
        }
        return v;
    }

    int u8() {
        return (int) bits(8);
    }

    void skip(int n) {
        bits(n);
    }

    /** ue(v), §9.1. */
    long ue() {
        int zeros = 0;
        while (!flag()) {
            if (++zeros > MAX_LEADING_ZEROS) {
                throw new MediaFormatException(what + ": Exp-Golomb code with more than " + MAX_LEADING_ZEROS
                        + " leading zeros at bit " + bit);
            }
        }
        return (1L << zeros) - 1 + bits(zeros);
    }

    /** ue(v) that must lie in [0, max], for values used as sizes or counts. */
    int ue(String name, long max) {
        long v = ue();
        if (v > max) {
            throw new MediaFormatException(what + ": " + name + " " + v + " exceeds " + max);
        }
        return (int) v;
    }

    /** se(v), §9.1.1. */
    long se() {
        long k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
