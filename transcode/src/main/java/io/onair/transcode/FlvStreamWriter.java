package io.onair.transcode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an FLV stream (FLV spec v10.1 E.2-E.3): the 9-byte header, then each tag followed by its
 * PreviousTagSize. What ffmpeg reads from our pipe; not thread-safe.
 */
public final class FlvStreamWriter {
    private final OutputStream out;
    private final byte[] header = new byte[11];

    public FlvStreamWriter(OutputStream out) {
        this.out = out;
    }

    /** The file header and PreviousTagSize0. */
    public void writeHeader(boolean audio, boolean video) throws IOException {
        out.write(new byte[] {'F', 'L', 'V', 1, (byte) ((audio ? 4 : 0) | (video ? 1 : 0)), 0, 0, 0, 9, 0, 0, 0, 0});
    }

    public void writeTag(FlvTag tag) throws IOException {
        int size = tag.body().length;
        if (size > 0xFF_FFFF) {
            throw new IOException("FLV tag of " + size + " bytes does not fit the 24-bit DataSize");
        }
        long ts = tag.timestamp();
        header[0] = (byte) tag.type();
        header[1] = (byte) (size >> 16);
        header[2] = (byte) (size >> 8);
        header[3] = (byte) size;
        header[4] = (byte) (ts >> 16);
        header[5] = (byte) (ts >> 8);
        header[6] = (byte) ts;
        header[7] = (byte) (ts >> 24); // TimestampExtended: the upper 8 bits
        header[8] = 0; // StreamID: always 0
        header[9] = 0;
        header[10] = 0;
        out.write(header);
        out.write(tag.body());
        int previous = 11 + size;
        out.write(new byte[] {(byte) (previous >> 24), (byte) (previous >> 16), (byte) (previous >> 8),
                (byte) previous});
    }

    public void flush() throws IOException {
        out.flush();
    }

    /**
     * An {@code onMetaData} script tag body whose values are all numbers (AMF0: the string, then an ECMA array).
     * ffmpeg takes the frame rate and size from it instead of guessing them from the first frames.
     */
    public static byte[] metadata(Map<String, Double> values) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        amfString(b, "onMetaData");
        b.write(0x08); // ECMA array
        int n = values.size();
        b.write(n >> 24);
        b.write(n >> 16);
        b.write(n >> 8);
        b.write(n);
        values.forEach((key, value) -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            b.write(k.length >> 8);
            b.write(k.length);
            b.writeBytes(k);
            b.write(0x00); // number
            long bits = Double.doubleToLongBits(value);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) (bits >> shift));
            }
        });
        b.writeBytes(new byte[] {0, 0, 9}); // object end
        return b.toByteArray();
    }

    private static void amfString(java.io.ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(0x02);
        b.write(bytes.length >> 8);
        b.write(bytes.length);
        b.writeBytes(bytes);
    }
}
