package io.onair.media.fmp4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-side fMP4 demuxer written from ISO/IEC 14496-12 §8.8 independently of the writer: reads an init segment
 * and its fragments (optionally preceded by styp) into tracks and samples, and is strict where the writer promises
 * something: fragments pair moof with the mdat right after it, every mdat byte belongs to exactly one sample,
 * sequence numbers count up by one, and a track's fragment starts where its previous one ended.
 */
final class Fmp4Reader {
    private Fmp4Reader() {
    }

    static ParsedFile read(byte[] file) {
        return read(file, true);
    }

    /** @param continuous whether each track's fragment must start where its previous one ended */
    static ParsedFile read(byte[] file, boolean continuous) {
        List<Box> boxes = BoxParser.parse(file);
        if (boxes.size() < 2 || !boxes.get(0).type().equals("ftyp") || !boxes.get(1).type().equals("moov")) {
            throw new IllegalStateException("file does not start with ftyp, moov: " + BoxParser.outline(boxes));
        }
        List<String> brands = new ArrayList<>();
        Fields ftyp = boxes.get(0).fields();
        brands.add(ftyp.fourcc());
        ftyp.u32();
        while (ftyp.remaining() > 0) {
            brands.add(ftyp.fourcc());
        }
        Map<Integer, ParsedTrack> tracks = new HashMap<>();
        Map<Integer, Integer> trexFlags = new HashMap<>();
        Box moov = boxes.get(1);
        for (Box trak : moov.children("trak")) {
            ParsedTrack track = track(trak);
            tracks.put(track.id(), track);
        }
        for (Box trex : moov.child("mvex").children("trex")) {
            Fields f = trex.fields().skip(4);
            int id = (int) f.u32();
            f.u32();
            f.u32();
            f.u32();
            trexFlags.put(id, f.i32());
            f.end();
        }
        if (!trexFlags.keySet().equals(tracks.keySet())) {
            throw new IllegalStateException("trex for " + trexFlags.keySet() + ", tracks " + tracks.keySet());
        }

        List<ParsedSample> samples = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        Map<Integer, Long> trackEnd = new HashMap<>();
        int i = 2;
        while (i < boxes.size()) {
            if (boxes.get(i).type().equals("styp")) {
                i++;
            }
            if (i + 1 >= boxes.size() || !boxes.get(i).type().equals("moof")
                    || !boxes.get(i + 1).type().equals("mdat")) {
                throw new IllegalStateException("expected moof + mdat at box " + i + ": " + BoxParser.outline(boxes));
            }
            Box moof = boxes.get(i);
            Box mdat = boxes.get(i + 1);
            Fields mfhd = moof.child("mfhd").fields().skip(4);
            long sequence = mfhd.u32();
            mfhd.end();
            if (!sequences.isEmpty() && sequence != sequences.get(sequences.size() - 1) + 1) {
                throw new IllegalStateException("sequence " + sequence + " after " + sequences);
            }
            sequences.add(sequence);
            int mdatStart = mdat.offset() + 8;
            int expectedOffset = mdatStart;
            for (Box traf : moof.children("traf")) {
                expectedOffset = traf(traf, moof.offset(), mdatStart, expectedOffset, mdat.body(), sequence,
                        tracks, trexFlags, continuous ? trackEnd : new HashMap<>(), samples);
            }
            if (expectedOffset != mdatStart + mdat.body().length) {
                throw new IllegalStateException("mdat of fragment " + sequence + " has "
                        + (mdatStart + mdat.body().length - expectedOffset) + " bytes no sample uses");
            }
            i += 2;
        }
        List<ParsedTrack> ordered = tracks.values().stream()
                .sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();
        return new ParsedFile(brands, ordered, samples, sequences);
    }

    private static ParsedTrack track(Box trak) {
        Fields tkhd = trak.child("tkhd").fields();
        int version = tkhd.u8();
        tkhd.u24();
        tkhd.skip(version == 1 ? 16 : 8);
        int id = (int) tkhd.u32();
        Fields mdhd = trak.path("mdia/mdhd").fields();
        int mdhdVersion = mdhd.u8();
        mdhd.u24();
        mdhd.skip(mdhdVersion == 1 ? 16 : 8);
        long timescale = mdhd.u32();
        Fields hdlr = trak.path("mdia/hdlr").fields().skip(8);
        String handler = hdlr.fourcc();
        Box stsd = trak.path("mdia/minf/stbl/stsd");
        if (stsd.children().size() != 1) {
            throw new IllegalStateException("track " + id + " has " + stsd.children().size() + " sample entries");
        }
        Box entry = stsd.children().get(0);
        Fields e = entry.fields().skip(6);
        if (e.u16() != 1) {
            throw new IllegalStateException("data_reference_index is not 1");
        }
        return switch (entry.type()) {
            case "avc1" -> {
                e.skip(16);
                int width = e.u16();
                int height = e.u16();
                yield new ParsedTrack(id, handler, timescale, "avc1", entry.child("avcC").body(), width, height, 0,
                        0);
            }
            case "mp4a" -> {
                e.skip(8);
                int channels = e.u16();
                e.skip(6);
                int rate = (int) (e.u32() >>> 16);
                yield new ParsedTrack(id, handler, timescale, "mp4a", asc(entry.child("esds")), 0, 0, channels,
                        rate);
            }
            default -> throw new IllegalStateException("sample entry " + entry.type());
        };
    }

    /** The DecoderSpecificInfo (tag 5) inside ES_Descriptor (3) / DecoderConfigDescriptor (4) (14496-1 §7.2.6). */
    static byte[] asc(Box esds) {
        Fields f = esds.fields().skip(4);
        expectTag(f, 3);
        descriptorSize(f);
        f.u16();
        int esFlags = f.u8();
        if (esFlags != 0) {
            throw new IllegalStateException("ES_Descriptor flags " + esFlags);
        }
        expectTag(f, 4);
        descriptorSize(f);
        f.skip(13);
        expectTag(f, 5);
        return f.bytes(descriptorSize(f));
    }

    private static void expectTag(Fields f, int tag) {
        int actual = f.u8();
        if (actual != tag) {
            throw new IllegalStateException("descriptor tag " + actual + ", expected " + tag);
        }
    }

    private static int descriptorSize(Fields f) {
        int size = 0;
        for (int i = 0; i < 4; i++) {
            int b = f.u8();
            size = size << 7 | b & 0x7F;
            if ((b & 0x80) == 0) {
                return size;
            }
        }
        throw new IllegalStateException("descriptor size longer than 4 bytes");
    }

    private static int traf(Box traf, int moofOffset, int mdatStart, int expectedOffset, byte[] mdat, long sequence,
                            Map<Integer, ParsedTrack> tracks, Map<Integer, Integer> trexFlags,
                            Map<Integer, Long> trackEnd, List<ParsedSample> samples) {
        Fields tfhd = traf.child("tfhd").fields();
        tfhd.u8();
        int tfhdFlags = tfhd.u24();
        int trackId = (int) tfhd.u32();
        if (!tracks.containsKey(trackId)) {
            throw new IllegalStateException("traf for unknown track " + trackId);
        }
        if ((tfhdFlags & 0x02_0000) == 0 || (tfhdFlags & 0x1) != 0) {
            throw new IllegalStateException("tfhd flags " + Integer.toHexString(tfhdFlags)
                    + ": expected default-base-is-moof without base_data_offset");
        }
        if ((tfhdFlags & 0x2) != 0) {
            tfhd.u32();
        }
        long defaultDuration = (tfhdFlags & 0x8) != 0 ? tfhd.u32() : -1;
        long defaultSize = (tfhdFlags & 0x10) != 0 ? tfhd.u32() : -1;
        int defaultFlags = (tfhdFlags & 0x20) != 0 ? tfhd.i32() : trexFlags.get(trackId);
        tfhd.end();
        Fields tfdt = traf.child("tfdt").fields();
        int tfdtVersion = tfdt.u8();
        tfdt.u24();
        long dts = tfdtVersion == 1 ? tfdt.u64() : tfdt.u32();
        tfdt.end();
        Long end = trackEnd.get(trackId);
        if (end != null && end != dts) {
            throw new IllegalStateException("track " + trackId + " fragment " + sequence + " starts at " + dts
                    + ", its previous fragment ended at " + end);
        }
        for (Box trunBox : traf.children("trun")) {
            Fields trun = trunBox.fields();
            int version = trun.u8();
            int flags = trun.u24();
            long count = trun.u32();
            if ((flags & 0x1) == 0) {
                throw new IllegalStateException("trun without data_offset");
            }
            int offset = moofOffset + trun.i32();
            if (offset != expectedOffset) {
                throw new IllegalStateException("trun data of track " + trackId + " at " + offset + ", expected "
                        + expectedOffset);
            }
            Integer firstFlags = (flags & 0x4) != 0 ? trun.i32() : null;
            for (long s = 0; s < count; s++) {
                long duration = (flags & 0x100) != 0 ? trun.u32() : defaultDuration;
                long size = (flags & 0x200) != 0 ? trun.u32() : defaultSize;
                int sampleFlags = (flags & 0x400) != 0 ? trun.i32()
                        : s == 0 && firstFlags != null ? firstFlags : defaultFlags;
                long cto = (flags & 0x800) == 0 ? 0 : version == 1 ? trun.i32() : trun.u32();
                if (duration <= 0 || size <= 0) {
                    throw new IllegalStateException("track " + trackId + " sample " + s + " duration " + duration
                            + " size " + size);
                }
                int from = offset - mdatStart;
                if (from + size > mdat.length) {
                    throw new IllegalStateException("sample runs past the mdat");
                }
                byte[] data = java.util.Arrays.copyOfRange(mdat, from, (int) (from + size));
                samples.add(new ParsedSample(trackId, sequence, dts, dts + cto, duration, sampleFlags, data));
                dts += duration;
                offset += (int) size;
            }
            trun.end();
            expectedOffset = offset;
        }
        trackEnd.put(trackId, dts);
        return expectedOffset;
    }
}
