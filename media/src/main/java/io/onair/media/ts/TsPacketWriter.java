package io.onair.media.ts;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Cuts payloads into 188-byte transport packets (ISO/IEC 13818-1 §2.4.3.2) and keeps each PID's
 * continuity_counter, so counters run on across segments written by the same muxer. Short packets are filled
 * with adaptation field stuffing (§2.4.3.5), never with payload padding, because PES payload bytes would be
 * read as elementary stream data.
 */
final class TsPacketWriter {
    static final int PACKET_SIZE = 188;
    static final int SYNC_BYTE = 0x47;
    private static final int HEADER_SIZE = 4;
    /** The PID field is 13 bits. */
    private static final int PID_COUNT = 8192;
    private static final int PCR_SIZE = 6;
    private static final int FLAG_RANDOM_ACCESS = 0x40;
    private static final int FLAG_PCR = 0x10;

    private final byte[] packet = new byte[PACKET_SIZE];
    private final byte[] nextCounter = new byte[PID_COUNT];

    /**
     * Writes data as consecutive packets of one PID, the first with payload_unit_start_indicator set.
     *
     * @param randomAccess set random_access_indicator in the first packet (§2.4.3.5: a keyframe starts here)
     * @param pcr          program_clock_reference in 27 MHz units for the first packet, or -1 for none
     */
    void write(int pid, byte[] data, int offset, int length, boolean randomAccess, long pcr, ByteArrayOutputStream out) {
        int pos = offset;
        int end = offset + length;
        boolean first = true;
        while (first || pos < end) {
            int flags = first ? (randomAccess ? FLAG_RANDOM_ACCESS : 0) | (pcr >= 0 ? FLAG_PCR : 0) : 0;
            // adaptation_field_length: the flags byte and the PCR if any; -1 while there is no field.
            int fieldLength = flags != 0 ? 1 + ((flags & FLAG_PCR) != 0 ? PCR_SIZE : 0) : -1;
            int room = PACKET_SIZE - HEADER_SIZE - (fieldLength >= 0 ? 1 + fieldLength : 0);
            int chunk = Math.min(room, end - pos);
            if (chunk < room) {
                int stuffing = room - chunk;
                // A field of length 0 is exactly one byte of stuffing (its length byte); longer ones add 0xFF bytes.
                fieldLength = fieldLength < 0 ? stuffing - 1 : fieldLength + stuffing;
            }
            int p = header(pid, first, fieldLength >= 0, true);
            if (fieldLength >= 0) {
                packet[p++] = (byte) fieldLength;
                int fieldEnd = p + fieldLength;
                if (fieldLength > 0) {
                    packet[p++] = (byte) flags;
                    if ((flags & FLAG_PCR) != 0) {
                        p = writePcr(packet, p, pcr);
                    }
                    Arrays.fill(packet, p, fieldEnd, (byte) 0xFF);
                }
                p = fieldEnd;
            }
            System.arraycopy(data, pos, packet, p, chunk);
            pos += chunk;
            out.write(packet, 0, PACKET_SIZE);
            first = false;
        }
    }

    /**
     * A packet with only an adaptation field carrying a PCR (adaptation_field_control '10'). Its continuity_counter
     * repeats the PID's last one: counters advance only with payload (§2.4.3.3).
     */
    void writePcrOnly(int pid, long pcr, ByteArrayOutputStream out) {
        int p = header(pid, false, true, false);
        packet[p++] = (byte) (PACKET_SIZE - HEADER_SIZE - 1);
        packet[p++] = (byte) FLAG_PCR;
        p = writePcr(packet, p, pcr);
        Arrays.fill(packet, p, PACKET_SIZE, (byte) 0xFF);
        out.write(packet, 0, PACKET_SIZE);
    }

    /** Writes a PSI section: pointer_field 0, the section, then 0xFF filler (§2.4.4.2). */
    void writeSection(int pid, byte[] section, ByteArrayOutputStream out) {
        int p = header(pid, true, false, true);
        packet[p++] = 0; // pointer_field
        System.arraycopy(section, 0, packet, p, section.length);
        Arrays.fill(packet, p + section.length, PACKET_SIZE, (byte) 0xFF);
        out.write(packet, 0, PACKET_SIZE);
    }

    private int header(int pid, boolean unitStart, boolean adaptation, boolean payload) {
        int counter = nextCounter[pid];
        if (payload) {
            nextCounter[pid] = (byte) (counter + 1 & 0x0F);
        } else {
            counter = counter - 1 & 0x0F;
        }
        packet[0] = (byte) SYNC_BYTE;
        packet[1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8);
        packet[2] = (byte) pid;
        packet[3] = (byte) ((adaptation ? 0x20 : 0) | (payload ? 0x10 : 0) | counter);
        return HEADER_SIZE;
    }

    /** program_clock_reference_base (33 bits, 90 kHz), 6 reserved bits, _extension (9 bits, 27 MHz) (§2.4.3.5). */
    private static int writePcr(byte[] b, int p, long pcr27) {
        long base = pcr27 / 300 & PesHeader.TIMESTAMP_MASK;
        int ext = (int) (pcr27 % 300);
        b[p] = (byte) (base >> 25);
        b[p + 1] = (byte) (base >> 17);
        b[p + 2] = (byte) (base >> 9);
        b[p + 3] = (byte) (base >> 1);
        b[p + 4] = (byte) ((base & 1) << 7 | 0x7E | ext >> 8);
        b[p + 5] = (byte) ext;
        return p + PCR_SIZE;
    }
}
