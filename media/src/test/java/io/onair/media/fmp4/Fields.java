package io.onair.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A big-endian cursor over a box body (test side); every read fails loudly past the end. */
final class Fields {
    private final byte[] b;
    private final String what;
    private int pos;

    Fields(byte[] b, String what) {
        this.b = b;
        this.what = what;
    }

    int u8() {
        need(1);
        return b[pos++] & 0xFF;
    }

    int u16() {
        return u8() << 8 | u8();
    }

    int u24() {
        return u16() << 8 | u8();
    }

    long u32() {
        return (long) u16() << 16 | u16();
    }

    int i32() {
        return (int) u32();
    }

    long u64() {
        return u32() << 32 | u32();
    }

    String fourcc() {
        return new String(bytes(4), StandardCharsets.ISO_8859_1);
    }

    byte[] bytes(int n) {
        need(n);
        pos += n;
        return Arrays.copyOfRange(b, pos - n, pos);
    }

    Fields skip(int n) {
        need(n);
        pos += n;
        return this;
    }

    int remaining() {
        return b.length - pos;
    }

    /** Fails unless every byte was read: a box with trailing bytes is as wrong as a short one. */
    void end() {
        if (pos != b.length) {
            throw new IllegalStateException(what + " has " + (b.length - pos) + " unread bytes at " + pos);
        }
    }

    private void need(int n) {
        if (b.length - pos < n) {
            throw new IllegalStateException(what + " ends at " + b.length + ", reading " + n + " bytes at " + pos);
        }
    }
}
