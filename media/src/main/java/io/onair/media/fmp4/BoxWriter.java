package io.onair.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian buffer that writes ISOBMFF boxes (ISO/IEC 14496-12 §4.2): {@link #start} writes a size
 * placeholder and the type, {@link #end} patches the size once the body is known, so nested boxes need no size
 * precomputation. Sizes are 32-bit: every box this package writes is bounded far below 4 GiB.
 */
final class BoxWriter {
    private byte[] buf;
    private int pos;

    BoxWriter(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    /** Starts a box; returns its start offset for {@link #end}. */
    int start(String type) {
        int start = pos;
        u32(0);
        fourcc(type);
        return start;
    }

    /** Starts a FullBox (§4.2.2): version and 24-bit flags follow the type. */
    int startFull(String type, int version, int flags) {
        int start = start(type);
        u32((long) version << 24 | flags & 0xFFFFFF);
        return start;
    }

    void end(int start) {
        patchU32(start, pos - start);
    }

    BoxWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    BoxWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    BoxWriter u24(int v) {
        ensure(3);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    /** The low 32 bits of {@code v}: unsigned and signed 32-bit fields alike. */
    BoxWriter u32(long v) {
        ensure(4);
        putU32(pos, v);
        pos += 4;
        return this;
    }

    BoxWriter u64(long v) {
        u32(v >>> 32);
        return u32(v);
    }

    BoxWriter fourcc(String type) {
        byte[] b = type.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4) {
            throw new IllegalArgumentException("box type '" + type + "' is not four characters");
        }
        return bytes(b);
    }

    BoxWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    BoxWriter bytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, pos, length);
        pos += length;
        return this;
    }

    BoxWriter zeros(int n) {
        ensure(n);
        pos += n; // the buffer is zero-filled and never rewound
        return this;
    }

    int position() {
        return pos;
    }

    void patchU32(int at, long v) {
        putU32(at, v);
    }

    byte[] toByteArray() {
        return buf.length == pos ? buf : Arrays.copyOf(buf, pos);
    }

    private void putU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
