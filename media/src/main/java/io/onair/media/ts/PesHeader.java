package io.onair.media.ts;

import io.onair.media.MediaFormatException;

/**
 * The PES packet header (ISO/IEC 13818-1 §2.4.3.6/§2.4.3.7) with PTS, and DTS when it differs.
 * PTS and DTS are 33-bit counters of the 90 kHz clock that wrap (§2.4.3.7): values are written modulo 2^33.
 */
final class PesHeader {
    static final int STREAM_ID_VIDEO = 0xE0;
    static final int STREAM_ID_AUDIO = 0xC0;
    static final long TIMESTAMP_MASK = (1L << 33) - 1;
    /** PES_packet_length is 16 bits; only video may use 0 for "unbounded" (§2.4.3.7). */
    private static final int MAX_PACKET_LENGTH = 0xFFFF;
    static final int MAX_LENGTH = 19;

    private PesHeader() {
    }

    /**
     * Writes the header for an elementary stream payload of payloadLength bytes into dst at 0 and returns its
     * length (14 or 19 bytes).
     */
    static int write(byte[] dst, int streamId, long pts, long dts, int payloadLength) {
        boolean withDts = dts != pts;
        int headerDataLength = withDts ? 10 : 5;
        long packetLength = 3 + headerDataLength + (long) payloadLength;
        if (packetLength > MAX_PACKET_LENGTH) {
            if (streamId != STREAM_ID_VIDEO) {
                throw new MediaFormatException("PES of " + packetLength + " bytes for stream 0x"
                        + Integer.toHexString(streamId) + " exceeds the 16-bit PES_packet_length");
            }
            packetLength = 0;
        }
        dst[0] = 0;
        dst[1] = 0;
        dst[2] = 1;
        dst[3] = (byte) streamId;
        dst[4] = (byte) (packetLength >> 8);
        dst[5] = (byte) packetLength;
        dst[6] = (byte) 0x84; // '10', not scrambled, no priority, data_alignment_indicator: an access unit starts here
        dst[7] = (byte) (withDts ? 0xC0 : 0x80); // PTS_DTS_flags
        dst[8] = (byte) headerDataLength;
        timestamp(dst, 9, withDts ? 0x3 : 0x2, pts);
        if (withDts) {
            timestamp(dst, 14, 0x1, dts);
        }
        return 9 + headerDataLength;
    }

    /** '4-bit prefix' TS[32..30] marker TS[29..15] marker TS[14..0] marker (§2.4.3.6). */
    private static void timestamp(byte[] dst, int off, int prefix, long ts) {
        long t = ts & TIMESTAMP_MASK;
        dst[off] = (byte) (prefix << 4 | (int) (t >> 29) & 0x0E | 1);
        dst[off + 1] = (byte) (t >> 22);
        dst[off + 2] = (byte) ((t >> 14) & 0xFE | 1);
        dst[off + 3] = (byte) (t >> 7);
        dst[off + 4] = (byte) (t << 1 | 1);
    }
}
