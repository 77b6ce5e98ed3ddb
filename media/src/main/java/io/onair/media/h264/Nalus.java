package io.onair.media.h264;

import io.onair.media.MediaFormatException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAL unit helpers for length-prefixed ("AVCC", ISO/IEC 14496-15 §5.3.4.2) and Annex B (ITU-T H.264 Annex B)
 * framing. Walking and converting never allocates per NAL unit.
 */
public final class Nalus {
    public static final int TYPE_NON_IDR = 1;
    public static final int TYPE_IDR = 5;
    public static final int TYPE_SEI = 6;
    public static final int TYPE_SPS = 7;
    public static final int TYPE_PPS = 8;
    public static final int TYPE_AUD = 9;

    private static final byte[] START_CODE = {0, 0, 0, 1};

    private Nalus() {
    }

    /** nal_unit_type, the low 5 bits of the NAL header byte (H.264 §7.3.1). */
    public static int type(byte header) {
        return header & 0x1F;
    }

    /** Checks that lengthSize is 1, 2 or 4, the only values lengthSizeMinusOne may give (14496-15 §5.3.3.1.2). */
    public static int checkLengthSize(int lengthSize) {
        if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
            throw new MediaFormatException("NAL length size " + lengthSize + " is not 1, 2 or 4");
        }
        return lengthSize;
    }

    /**
     * Calls the visitor for each NAL unit of length-prefixed data, in order.
     *
     * @throws MediaFormatException if a length runs past the end or is zero, or the data is empty
     */
    public static void forEach(byte[] data, int lengthSize, NaluVisitor visitor) {
        checkLengthSize(lengthSize);
        if (data.length == 0) {
            throw new MediaFormatException("access unit is empty");
        }
        int pos = 0;
        while (pos < data.length) {
            if (data.length - pos < lengthSize) {
                throw new MediaFormatException("NAL length prefix truncated at byte " + pos + " of " + data.length);
            }
            long len = 0;
            for (int i = 0; i < lengthSize; i++) {
                len = len << 8 | (data[pos + i] & 0xFF);
            }
            pos += lengthSize;
            if (len == 0) {
                // An empty NAL unit has no header byte; passing it on would emit a bare start code.
                throw new MediaFormatException("NAL unit of length 0 at byte " + (pos - lengthSize));
            }
            if (len > data.length - pos) {
                throw new MediaFormatException("NAL unit length " + len + " at byte " + (pos - lengthSize)
                        + " exceeds the " + (data.length - pos) + " bytes left");
            }
            visitor.nalu(data, pos, (int) len);
            pos += (int) len;
        }
    }

    /** The NAL units as separate arrays; for configuration and tests, not the per-frame path. */
    public static List<byte[]> split(byte[] data, int lengthSize) {
        List<byte[]> out = new ArrayList<>();
        forEach(data, lengthSize, (b, off, len) -> out.add(Arrays.copyOfRange(b, off, off + len)));
        return out;
    }

    /**
     * Re-frames length-prefixed data with 4-byte lengths, the framing of {@link io.onair.media.VideoFrame}.
     * Data that already uses 4-byte lengths is validated and returned as is.
     */
    public static byte[] toLength4(byte[] data, int lengthSize) {
        if (lengthSize == 4) {
            forEach(data, 4, (b, off, len) -> { });
            return data;
        }
        int[] count = {0};
        forEach(data, lengthSize, (b, off, len) -> count[0]++);
        byte[] out = new byte[data.length + count[0] * (4 - lengthSize)];
        int[] pos = {0};
        forEach(data, lengthSize, (b, off, len) -> {
            int p = pos[0];
            out[p] = (byte) (len >>> 24);
            out[p + 1] = (byte) (len >>> 16);
            out[p + 2] = (byte) (len >>> 8);
            out[p + 3] = (byte) len;
            System.arraycopy(b, off, out, p + 4, len);
            pos[0] = p + 4 + len;
        });
        return out;
    }

    /** Converts 4-byte length framing to Annex B with 4-byte start codes. */
    public static byte[] toAnnexB(byte[] length4) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length4.length + 16);
        writeAnnexB(length4, out);
        return out.toByteArray();
    }

    /** Writes 4-byte length framing as Annex B. Same size: each 4-byte length becomes a 4-byte start code. */
    public static void writeAnnexB(byte[] length4, ByteArrayOutputStream out) {
        forEach(length4, 4, (b, off, len) -> writeAnnexB(b, off, len, out));
    }

    /** Writes one NAL unit with a 4-byte start code. */
    public static void writeAnnexB(byte[] nal, int offset, int length, ByteArrayOutputStream out) {
        out.write(START_CODE, 0, 4);
        out.write(nal, offset, length);
    }

    /** True if the 4-byte length framed picture has an IDR slice (nal_unit_type 5). */
    public static boolean containsIdr(byte[] length4) {
        boolean[] idr = {false};
        forEach(length4, 4, (b, off, len) -> idr[0] |= type(b[off]) == TYPE_IDR);
        return idr[0];
    }

    /**
     * Removes emulation prevention bytes (H.264 §7.4.1: 0x000003 → 0x0000) to give the RBSP, which is what the
     * SPS syntax of §7.3.2.1 is read from.
     */
    public static byte[] unescape(byte[] nal, int offset, int length) {
        byte[] out = new byte[length];
        int n = 0;
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = nal[i];
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return n == length ? out : Arrays.copyOf(out, n);
    }
}
