package io.onair.media.aac;

import java.util.Arrays;

/** Writes bits MSB first into a small buffer; the configs written here are a few bytes long. */
final class BitWriter {
    private byte[] data = new byte[8];
    private int bit;

    BitWriter bits(int n, int value) {
        for (int i = n - 1; i >= 0; i--) {
            if (bit >>> 3 == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[bit >>> 3] |= (byte) ((value >> i & 1) << (7 - (bit & 7)));
            bit++;
        }
        return this;
    }

    /** The bytes written, the last one padded with zero bits. */
    byte[] toByteArray() {
        return Arrays.copyOf(data, (bit + 7) >>> 3);
    }
}
