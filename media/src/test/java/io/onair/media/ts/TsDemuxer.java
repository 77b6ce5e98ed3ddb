package io.onair.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict test-side demuxer for what {@link TsMuxer} writes: it checks sync bytes, continuity counters, PSI CRCs
 * and PES headers as it goes, and returns the PES packets with their timestamps, plus every PCR seen.
 */
final class TsDemuxer {
    /** One reassembled PES. pts/dts are the 33-bit values as written; dts equals pts when absent. */
    record Pes(int pid, int streamId, long pts, long dts, boolean randomAccess, byte[] payload) {
    }

    /** A PCR in 90 kHz units (base) with the PID that carried it and whether that packet had a payload. */
    record Pcr(int pid, long base, int extension, boolean payload) {
    }

    final List<Pes> pes = new ArrayList<>();
    final List<Pcr> pcrs = new ArrayList<>();
    final List<byte[]> sections = new ArrayList<>();
    final Map<Integer, Integer> streamTypes = new HashMap<>();
    int pcrPid = -1;
    private int pmtPid = -1;
    private final Map<Integer, Integer> counters = new HashMap<>();
    private final Map<Integer, ByteArrayOutputStream> open = new HashMap<>();
    private final Map<Integer, Boolean> openRandomAccess = new HashMap<>();

    static TsDemuxer demux(byte[] ts) {
        TsDemuxer d = new TsDemuxer();
        d.feed(ts);
        d.finish();
        return d;
    }

    void feed(byte[] ts) {
        assertThat(ts.length % 188).as("whole packets").isZero();
        for (int off = 0; off < ts.length; off += 188) {
            packet(ts, off);
        }
    }

    void finish() {
        for (int pid : List.copyOf(open.keySet())) {
            flush(pid);
        }
    }

    private void packet(byte[] ts, int off) {
        if (ts[off] != 0x47) {
            throw new AssertionError("sync byte " + ts[off] + " at " + off);
        }
        boolean start = (ts[off + 1] & 0x40) != 0;
        int pid = (ts[off + 1] & 0x1F) << 8 | ts[off + 2] & 0xFF;
        int afc = (ts[off + 3] >> 4) & 3;
        int cc = ts[off + 3] & 0x0F;
        boolean payload = (afc & 1) != 0;
        Integer previous = counters.get(pid);
        if (previous != null && cc != (payload ? (previous + 1) & 0x0F : previous)) {
            throw new AssertionError("continuity counter " + cc + " of PID 0x" + Integer.toHexString(pid)
                    + " at byte " + off + " after " + previous);
        }
        counters.put(pid, cc);
        int p = off + 4;
        boolean randomAccess = false;
        if ((afc & 2) != 0) {
            int length = ts[p] & 0xFF;
            assertThat(length).isLessThanOrEqualTo(183);
            if (!payload) {
                assertThat(length).as("adaptation-only packet fills the packet").isEqualTo(183);
            }
            if (length > 0) {
                int flags = ts[p + 1] & 0xFF;
                randomAccess = (flags & 0x40) != 0;
                int q = p + 2;
                if ((flags & 0x10) != 0) {
                    long base = (ts[q] & 0xFFL) << 25 | (ts[q + 1] & 0xFFL) << 17 | (ts[q + 2] & 0xFFL) << 9
                            | (ts[q + 3] & 0xFFL) << 1 | (ts[q + 4] & 0x80) >> 7;
                    int ext = (ts[q + 4] & 1) << 8 | ts[q + 5] & 0xFF;
                    assertThat(ts[q + 4] & 0x7E).as("PCR reserved bits").isEqualTo(0x7E);
                    pcrs.add(new Pcr(pid, base, ext, payload));
                    q += 6;
                }
                for (int i = q; i < p + 1 + length; i++) {
                    if (ts[i] != (byte) 0xFF) {
                        throw new AssertionError("stuffing byte " + ts[i] + " at " + i);
                    }
                }
            }
            p += 1 + length;
        }
        if (!payload) {
            return;
        }
        if (pid == 0 || pid == pmtPid) {
            assertThat(start).isTrue();
            section(pid, ts, p + 1 + (ts[p] & 0xFF), off + 188);
            return;
        }
        if (start) {
            flush(pid);
            open.put(pid, new ByteArrayOutputStream());
            openRandomAccess.put(pid, randomAccess);
        } else {
            assertThat(randomAccess).as("random_access_indicator only at a PES start").isFalse();
        }
        ByteArrayOutputStream buf = open.get(pid);
        assertThat(buf).as("payload of PID 0x%x before its first unit start", pid).isNotNull();
        buf.write(ts, p, off + 188 - p);
    }

    private void section(int pid, byte[] ts, int p, int end) {
        int length = (ts[p + 1] & 0x0F) << 8 | ts[p + 2] & 0xFF;
        byte[] section = java.util.Arrays.copyOfRange(ts, p, p + 3 + length);
        assertThat(Crc32Mpeg.compute(section, 0, section.length)).as("CRC over a whole section").isZero();
        for (int i = p + 3 + length; i < end; i++) {
            if (ts[i] != (byte) 0xFF) {
                throw new AssertionError("section filler byte " + ts[i] + " at " + i);
            }
        }
        sections.add(section);
        if (pid == 0) {
            assertThat(section[0]).isEqualTo((byte) 0);
            pmtPid = (section[10] & 0x1F) << 8 | section[11] & 0xFF;
        } else {
            assertThat(section[0]).isEqualTo((byte) 2);
            pcrPid = (section[8] & 0x1F) << 8 | section[9] & 0xFF;
            for (int i = 12; i < section.length - 4; i += 5) {
                streamTypes.put((section[i + 1] & 0x1F) << 8 | section[i + 2] & 0xFF, section[i] & 0xFF);
            }
        }
    }

    private void flush(int pid) {
        ByteArrayOutputStream buf = open.remove(pid);
        if (buf == null) {
            return;
        }
        byte[] b = buf.toByteArray();
        assertThat(b[0] == 0 && b[1] == 0 && b[2] == 1).as("PES start code").isTrue();
        int streamId = b[3] & 0xFF;
        int packetLength = (b[4] & 0xFF) << 8 | b[5] & 0xFF;
        int flags = b[7] & 0xC0;
        int headerLength = b[8] & 0xFF;
        int payloadStart = 9 + headerLength;
        if (packetLength != 0) {
            assertThat(b.length).as("PES_packet_length").isEqualTo(6 + packetLength);
        }
        assertThat(flags).as("PTS_DTS_flags").isIn(0x80, 0xC0);
        long pts = timestamp(b, 9, flags == 0xC0 ? 3 : 2);
        long dts = flags == 0xC0 ? timestamp(b, 14, 1) : pts;
        pes.add(new Pes(pid, streamId, pts, dts, openRandomAccess.get(pid),
                java.util.Arrays.copyOfRange(b, payloadStart, b.length)));
    }

    private static long timestamp(byte[] b, int off, int prefix) {
        assertThat((b[off] & 0xF0) >> 4).as("PTS/DTS prefix").isEqualTo(prefix);
        assertThat(b[off] & 1 & b[off + 2] & b[off + 4]).as("marker bits").isEqualTo(1);
        return (b[off] & 0x0EL) << 29 | (b[off + 1] & 0xFFL) << 22 | (b[off + 2] & 0xFEL) << 14
                | (b[off + 3] & 0xFFL) << 7 | (b[off + 4] & 0xFFL) >> 1;
    }
}
