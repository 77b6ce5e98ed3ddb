package io.onair.media.fmp4;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFormatException;
import io.onair.media.TrackConfig;
import io.onair.media.VideoConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The initialization segment of a fragmented MP4 (ISO/IEC 14496-12 §8.8, CMAF header ISO/IEC 23000-19 §7.3.2):
 * {@code ftyp} + {@code moov} with one {@code trak} per track (ids 1..n in list order), sample tables left empty
 * and {@code mvex/trex} announcing that the samples come in movie fragments.
 *
 * <p>One track is a CMAF header ({@code cmfc} brand): what HLS audio groups and DASH adaptation sets use, one
 * rendition per media type. Two tracks (video then audio) make a multiplexed, non-CMAF file for a single-rendition
 * HLS playlist without a separate audio group; CMAF forbids more than one track per header (§7.3.1), so that
 * flavour leaves {@code cmfc} out and its segments go without {@link Fmp4FragmentWriter#styp()}.
 *
 * <p>Left out on purpose: {@code edts/elst} (see {@link Fmp4FragmentWriter}: presentation times are stored as
 * the source's, so no offset needs an edit); {@code pasp} (the SPS VUI carries the aspect ratio and a written 1:1
 * would override a non-square one in players that prefer the box); {@code btrt} (a live encoder's bitrate is not
 * known up front); {@code mehd} (a live stream has no duration); {@code udta} (ffmpeg's encoder tag).
 */
public final class Fmp4InitSegment {
    /** Movie timescale: only the (zero) durations of mvhd/tkhd use it; milliseconds, as ffmpeg writes. */
    static final int MOVIE_TIMESCALE = 1000;
    /** ISO 639-2/T "und" packed as three 5-bit letters (§8.4.2.3). */
    private static final int LANGUAGE_UND = 0x55C4;
    /** The unity transformation matrix of mvhd/tkhd (§8.2.2.3): 16.16 and 2.30 fixed point. */
    private static final long[] MATRIX = {0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000};
    /** tkhd flags: track_enabled | track_in_movie (§8.3.2.3). */
    private static final int TRACK_ENABLED_IN_MOVIE = 0x3;
    /** MPEG-4 Audio in the objectTypeIndication of ISO/IEC 14496-1 Table 5 (as registered by MP4RA). */
    private static final int OBJECT_TYPE_MPEG4_AUDIO = 0x40;
    /** streamType 5 (AudioStream) << 2 | upStream 0 << 1 | reserved 1 (ISO/IEC 14496-1 §7.2.6.6). */
    private static final int STREAM_TYPE_AUDIO = 0x15;

    private Fmp4InitSegment() {
    }

    /**
     * @param tracks track 1..n in order; one track for a CMAF header, or video and audio for a multiplexed file
     * @throws IllegalArgumentException if the list is empty or has more than {@value Tracks#MAX_TRACKS} tracks
     * @throws MediaFormatException     if a track cannot be stored (not H.264 with 4-byte NAL lengths, too large)
     */
    public static byte[] write(List<TrackConfig> tracks) {
        List<TrackConfig> checked = Tracks.check(tracks);
        BoxWriter w = new BoxWriter(1024);
        ftyp(w, checked.size() == 1);
        int moov = w.start("moov");
        mvhd(w, checked.size() + 1);
        for (int i = 0; i < checked.size(); i++) {
            trak(w, i + 1, checked.get(i));
        }
        int mvex = w.start("mvex");
        for (int i = 0; i < checked.size(); i++) {
            int trex = w.startFull("trex", 0, 0);
            w.u32(i + 1).u32(1).u32(0).u32(0).u32(0); // track, sample description 1, defaults: fragments say all
            w.end(trex);
        }
        w.end(mvex);
        w.end(moov);
        return w.toByteArray();
    }

    /**
     * Major brand {@code iso6} (tfdt and trun version 1 with signed composition offsets, §8.8.8), {@code cmfc} for
     * a CMAF track (ISO/IEC 23000-19 §7.2), {@code mp41} as ffmpeg adds for older QuickTime-derived readers.
     */
    private static void ftyp(BoxWriter w, boolean cmaf) {
        int ftyp = w.start("ftyp");
        w.fourcc("iso6").u32(0).fourcc("iso6");
        if (cmaf) {
            w.fourcc("cmfc");
        }
        w.fourcc("mp41");
        w.end(ftyp);
    }

    private static void mvhd(BoxWriter w, int nextTrackId) {
        int box = w.startFull("mvhd", 0, 0);
        w.u32(0).u32(0).u32(MOVIE_TIMESCALE).u32(0); // creation, modification, timescale, duration (live: 0)
        w.u32(0x10000).u16(0x100).zeros(2 + 8);      // rate 1.0, volume 1.0, reserved
        matrix(w);
        w.zeros(24).u32(nextTrackId);                // pre_defined, next_track_ID
        w.end(box);
    }

    private static void trak(BoxWriter w, int trackId, TrackConfig track) {
        int trak = w.start("trak");
        tkhd(w, trackId, track);
        int mdia = w.start("mdia");
        int mdhd = w.startFull("mdhd", 0, 0);
        w.u32(0).u32(0).u32(Tracks.timescale(track)).u32(0).u16(LANGUAGE_UND).u16(0);
        w.end(mdhd);
        boolean video = track instanceof VideoConfig;
        int hdlr = w.startFull("hdlr", 0, 0);
        w.u32(0).fourcc(video ? "vide" : "soun").zeros(12);
        w.bytes((video ? "VideoHandler\0" : "SoundHandler\0").getBytes(StandardCharsets.US_ASCII));
        w.end(hdlr);
        int minf = w.start("minf");
        if (video) {
            int vmhd = w.startFull("vmhd", 0, 1); // flags 1 is required (§12.1.2.2)
            w.zeros(8);                             // graphicsmode copy, opcolor
            w.end(vmhd);
        } else {
            int smhd = w.startFull("smhd", 0, 0);
            w.zeros(4);                             // balance centre, reserved
            w.end(smhd);
        }
        int dinf = w.start("dinf");
        int dref = w.startFull("dref", 0, 0);
        w.u32(1);
        w.end(w.startFull("url ", 0, 1));           // flags 1: the media is in this file
        w.end(dref);
        w.end(dinf);
        int stbl = w.start("stbl");
        int stsd = w.startFull("stsd", 0, 0);
        w.u32(1);
        switch (track) {
            case VideoConfig v -> avc1(w, v);
            case AudioConfig a -> mp4a(w, trackId, a);
        }
        w.end(stsd);
        emptyTable(w, "stts");                      // the samples are all in the fragments
        emptyTable(w, "stsc");
        int stsz = w.startFull("stsz", 0, 0);
        w.u32(0).u32(0);                            // sample_size, sample_count
        w.end(stsz);
        emptyTable(w, "stco");
        w.end(stbl);
        w.end(minf);
        w.end(mdia);
        w.end(trak);
    }

    private static void tkhd(BoxWriter w, int trackId, TrackConfig track) {
        int box = w.startFull("tkhd", 0, TRACK_ENABLED_IN_MOVIE);
        w.u32(0).u32(0).u32(trackId).u32(0).u32(0); // creation, modification, track_ID, reserved, duration
        w.zeros(8).u16(0).u16(0);                    // reserved, layer, alternate_group
        w.u16(track instanceof AudioConfig ? 0x100 : 0).u16(0); // volume (1.0 for audio), reserved
        matrix(w);
        if (track instanceof VideoConfig v) {
            w.u32((long) v.width() << 16).u32((long) v.height() << 16); // 16.16, square pixels (see class comment)
        } else {
            w.u32(0).u32(0);
        }
        w.end(box);
    }

    /** AVCSampleEntry (ISO/IEC 14496-15 §5.4.2.1): VisualSampleEntry (14496-12 §12.1.3) + avcC as configured. */
    private static void avc1(BoxWriter w, VideoConfig v) {
        int entry = w.start("avc1");
        w.zeros(6).u16(1);                        // reserved, data_reference_index
        w.zeros(16);                              // pre_defined, reserved, pre_defined[3]
        w.u16(v.width()).u16(v.height());
        w.u32(0x00480000).u32(0x00480000);        // 72 dpi
        w.u32(0).u16(1);                          // reserved, frame_count
        w.zeros(32);                              // compressorname: empty
        w.u16(0x18).u16(0xFFFF);                  // depth 24, pre_defined -1
        int avcC = w.start("avcC");
        w.bytes(v.decoderConfig());
        w.end(avcC);
        w.end(entry);
    }

    /** MP4AudioSampleEntry (ISO/IEC 14496-14 §6.7) with an esds holding the AudioSpecificConfig. */
    private static void mp4a(BoxWriter w, int trackId, AudioConfig a) {
        int entry = w.start("mp4a");
        w.zeros(6).u16(1);                        // reserved, data_reference_index
        w.zeros(8);                               // reserved
        w.u16(Math.min(a.channels(), 0xFFFF)).u16(16).u16(0).u16(0);
        // samplerate is 16.16: rates above 65535 Hz do not fit and are written as 0; the ASC in esds and the
        // mdhd timescale carry the rate, which is what decoders read.
        w.u32(a.sampleRate() <= 0xFFFF ? (long) a.sampleRate() << 16 : 0);
        int esds = w.startFull("esds", 0, 0);
        byte[] asc = a.decoderConfig();
        int decoderSpecificInfo = 1 + sizeOfLength(asc.length) + asc.length;
        int decoderConfig = 13 + decoderSpecificInfo;
        int slConfig = 3;
        int esDescriptor = 3 + 1 + sizeOfLength(decoderConfig) + decoderConfig + slConfig;
        descriptor(w, 0x03, esDescriptor);        // ES_Descriptor (ISO/IEC 14496-1 §7.2.6.5)
        w.u16(trackId).u8(0);                     // ES_ID, no dependency/URL/OCR flags, priority 0
        descriptor(w, 0x04, decoderConfig);       // DecoderConfigDescriptor (§7.2.6.6)
        w.u8(OBJECT_TYPE_MPEG4_AUDIO).u8(STREAM_TYPE_AUDIO);
        w.u24(0).u32(0).u32(0);                   // bufferSizeDB, maxBitrate, avgBitrate: unknown for live
        descriptor(w, 0x05, asc.length);          // DecoderSpecificInfo: the AudioSpecificConfig
        w.bytes(asc);
        descriptor(w, 0x06, 1);                   // SLConfigDescriptor, predefined 2: reserved for MP4 files
        w.u8(2);
        w.end(esds);
        w.end(entry);
    }

    /** A descriptor tag and its expandable size (ISO/IEC 14496-1 §8.3.3): 7 bits per byte, high bit = more. */
    private static void descriptor(BoxWriter w, int tag, int size) {
        w.u8(tag);
        for (int shift = 7 * (sizeOfLength(size) - 1); shift > 0; shift -= 7) {
            w.u8(0x80 | (size >>> shift) & 0x7F);
        }
        w.u8(size & 0x7F);
    }

    private static int sizeOfLength(int size) {
        if (size >= 1 << 28) {
            throw new MediaFormatException("descriptor of " + size + " bytes exceeds the 28-bit size field");
        }
        return size < 1 << 7 ? 1 : size < 1 << 14 ? 2 : size < 1 << 21 ? 3 : 4;
    }

    private static void emptyTable(BoxWriter w, String type) {
        int box = w.startFull(type, 0, 0);
        w.u32(0);                                   // entry_count
        w.end(box);
    }

    private static void matrix(BoxWriter w) {
        for (long m : MATRIX) {
            w.u32(m);
        }
    }
}
