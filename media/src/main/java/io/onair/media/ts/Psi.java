package io.onair.media.ts;

/**
 * Program-specific information sections (ISO/IEC 13818-1 §2.4.4): one program, version 0, single-section tables.
 * Built once per muxer; their bytes do not change for the life of the muxer.
 */
final class Psi {
    static final int PAT_TABLE_ID = 0x00;
    static final int PMT_TABLE_ID = 0x02;
    private static final int TRANSPORT_STREAM_ID = 1;
    private static final int PROGRAM_NUMBER = 1;

    private Psi() {
    }

    /** program_association_section (§2.4.4.3) mapping program 1 to the PMT PID. */
    static byte[] pat(int pmtPid) {
        byte[] s = new byte[8 + 4 + 4];
        header(s, PAT_TABLE_ID, TRANSPORT_STREAM_ID);
        s[8] = (byte) (PROGRAM_NUMBER >> 8);
        s[9] = (byte) PROGRAM_NUMBER;
        s[10] = (byte) (0xE0 | pmtPid >> 8); // reserved '111', program_map_PID
        s[11] = (byte) pmtPid;
        return crc(s);
    }

    /**
     * TS_program_map_section (§2.4.4.8), no descriptors.
     *
     * @param streams pairs of (stream_type, elementary_PID)
     */
    static byte[] pmt(int pcrPid, int... streams) {
        byte[] s = new byte[12 + streams.length / 2 * 5 + 4];
        header(s, PMT_TABLE_ID, PROGRAM_NUMBER);
        s[8] = (byte) (0xE0 | pcrPid >> 8); // reserved '111', PCR_PID
        s[9] = (byte) pcrPid;
        s[10] = (byte) 0xF0; // reserved '1111', program_info_length 0
        s[11] = 0;
        int p = 12;
        for (int i = 0; i < streams.length; i += 2) {
            s[p] = (byte) streams[i];
            s[p + 1] = (byte) (0xE0 | streams[i + 1] >> 8);
            s[p + 2] = (byte) streams[i + 1];
            s[p + 3] = (byte) 0xF0; // reserved '1111', ES_info_length 0
            s[p + 4] = 0;
            p += 5;
        }
        return crc(s);
    }

    /** table_id, section_syntax_indicator 1, section_length, id, version 0, current_next 1, section 0 of 0. */
    private static void header(byte[] s, int tableId, int id) {
        int sectionLength = s.length - 3;
        s[0] = (byte) tableId;
        s[1] = (byte) (0xB0 | sectionLength >> 8); // syntax 1, '0', reserved '11'
        s[2] = (byte) sectionLength;
        s[3] = (byte) (id >> 8);
        s[4] = (byte) id;
        s[5] = (byte) 0xC1; // reserved '11', version_number 0, current_next_indicator 1
        s[6] = 0; // section_number
        s[7] = 0; // last_section_number
    }

    private static byte[] crc(byte[] s) {
        int crc = Crc32Mpeg.compute(s, 0, s.length - 4);
        s[s.length - 4] = (byte) (crc >>> 24);
        s[s.length - 3] = (byte) (crc >>> 16);
        s[s.length - 2] = (byte) (crc >>> 8);
        s[s.length - 1] = (byte) crc;
        return s;
    }
}
