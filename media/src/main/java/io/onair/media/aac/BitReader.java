package io.onair.media.aac;

import io.onair.media.MediaFormatException;

/** Reads bits MSB first, failing with a {@link MediaFormatException} instead of running past the end. */
final class BitReader {
    private final byte[] data;
    private final String what;
    private int bit;

    BitReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    /** Reads n ≤ 24 bits as an unsigned value. */
    int bits(int n) {
        if (bit + n > data.length * 8) {
            throw new MediaFormatException(what + " truncated: needs " + n + " bits at bit " + bit + " of "
                    + data.length * 8);
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | (data[bit >>> 3] >> (7 - (bit & 7)) & 1);
            bit++;
        }
        return v;
    }
}
