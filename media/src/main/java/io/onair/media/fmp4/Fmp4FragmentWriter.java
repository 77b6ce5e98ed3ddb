package io.onair.media.fmp4;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFormatException;
import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.h264.Nalus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the movie fragments ({@code moof} + {@code mdat}, ISO/IEC 14496-12 §8.8) that follow an
 * {@link Fmp4InitSegment} of the same tracks: a CMAF fragment per call for a one-track writer (ISO/IEC 23000-19
 * §7.3.2.4), one {@code traf} per track with samples for a multiplexed one. One instance per init segment; it
 * keeps the {@code mfhd} sequence number (1, 2, …) and each track's timeline. Not thread-safe; fragments in order.
 *
 * <p>Segments and parts. An HLS/DASH segment is one or more fragments; its first starts with a keyframe and
 * {@link #styp()} may precede it. An LL-HLS part is one or more fragments and may start with any frame (the
 * playlist marks it INDEPENDENT when it starts with a keyframe); nothing in the bytes differs.
 *
 * <p>Timing. Video keeps the 90 kHz frame timestamps as they are (timescale 90000). Audio uses the sampling rate
 * as its timescale and {@link AudioClock}'s sample-count mapping, so AAC samples last exactly 1024 ticks. Each
 * sample lasts until the next one's decoding time, so the caller passes, per track, the dts of the frame that
 * follows the fragment ({@code nextDtsByTrack}); at the end of a stream it passes the last dts plus one frame
 * interval. {@code tfdt} (version 1, 64-bit) holds the first sample's decoding time.
 *
 * <p>Composition offsets are {@code pts - dts} and written to a version 1 {@code trun}, whose offsets are signed.
 * They are never negative in Onair's model, so presentation times equal the source's; no edit list shifts them. That
 * is what ffprobe reports back, and it keeps audio and video aligned whether or not a player honours edit lists:
 * support differs (MSE implementations apply {@code elst} partly or not at all, hls.js and dash.js derive their
 * offsets from the samples' own times and the playlist/MPD), and a live init segment cannot know a duration for one. The first video presentation time is then the first frame's composition delay (e.g.
 * 67 ms with two B-frames) after its decoding time, as in MPEG-TS; ffmpeg's {@code +cmaf} output differs by
 * rewriting the offsets, which needs either an edit list or a shifted timeline, and Onair needs neither.
 *
 * <p>Sample flags (§8.8.3.1): keyframes {@code sample_depends_on = 2} (independent); other video frames
 * {@code sample_depends_on = 1} with {@code sample_is_non_sync_sample}; audio samples are all sync, given once as
 * the {@code tfhd} default.
 */
public final class Fmp4FragmentWriter {
    /**
     * A 20 s segment of 240 fps video and 48 kHz audio holds under 6,000 samples; 10,000 keeps a moof below 200 KB.
     * More means a segmenter that stopped cutting.
     */
    public static final int MAX_SAMPLES_PER_FRAGMENT = 10_000;
    /**
     * 20 s of a 100 Mbps contribution stream is 250 MB; past that a byte[] per fragment is the wrong design. Keeps
     * every offset and the 32-bit mdat size far from overflow.
     */
    public static final int MAX_FRAGMENT_PAYLOAD = 256 << 20;
    /**
     * 2^42 ticks at 90 kHz is 1.5 years: beyond RTMP's 49.7-day initial clock plus any session. A larger value is
     * a corrupt timestamp, and every duration then fits trun's 32-bit field unless the stream stalls for 13 hours.
     */
    public static final long MAX_DTS = 1L << 42;

    /** sample_depends_on = 2: does not depend on others (an I picture / audio frame). */
    static final int FLAGS_SYNC = 0x0200_0000;
    /** sample_depends_on = 1 and sample_is_non_sync_sample. */
    static final int FLAGS_NON_SYNC = 0x0101_0000;
    /** tfhd default-base-is-moof (§8.8.7.1): data offsets count from the moof's first byte (CMAF §7.5.16). */
    static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x02_0000;
    static final int TFHD_DEFAULT_SAMPLE_FLAGS = 0x00_0020;
    static final int TRUN_DATA_OFFSET = 0x001;
    static final int TRUN_DURATION = 0x100;
    static final int TRUN_SIZE = 0x200;
    static final int TRUN_FLAGS = 0x400;
    static final int TRUN_COMPOSITION_OFFSET = 0x800;
    private static final int MDAT_HEADER = 8;

    private final List<TrackConfig> tracks;
    private final AudioClock[] clocks;
    /** Per track: the dts the previous fragment declared as its end, Long.MIN_VALUE before the first. */
    private final long[] endDts;
    /** Per track: the time (track timescale) of the last sample written, Long.MIN_VALUE before the first. */
    private final long[] lastTime;
    private long sequenceNumber = 1;

    /**
     * @param tracks the tracks of the init segment, in the same order (track ids 1..n)
     * @throws IllegalArgumentException if the list is empty or too long
     * @throws MediaFormatException     if a track cannot be stored in fMP4
     */
    public Fmp4FragmentWriter(List<TrackConfig> tracks) {
        this.tracks = Tracks.check(tracks);
        this.clocks = new AudioClock[this.tracks.size()];
        for (int i = 0; i < clocks.length; i++) {
            if (this.tracks.get(i) instanceof AudioConfig a) {
                clocks[i] = new AudioClock(a.sampleRate(), a.samplesPerFrame());
            }
        }
        this.endDts = new long[clocks.length];
        this.lastTime = new long[clocks.length];
        Arrays.fill(endDts, Long.MIN_VALUE);
        Arrays.fill(lastTime, Long.MIN_VALUE);
    }

    /**
     * The segment type box that may start a CMAF segment (ISO/IEC 14496-12 §8.16.2): major brand {@code msdh}
     * (an ISO/IEC 23009-1 §6.3.4.2 media segment), compatible {@code msdh} and {@code cmfs} (a CMAF segment,
     * 23000-19 §7.2). Not {@code msix}: that brand promises a {@code sidx}, which live segments here do not carry.
     * For multiplexed (non-CMAF) segments leave it out; it is optional and no player needs it.
     */
    public static byte[] styp() {
        BoxWriter w = new BoxWriter(24);
        int box = w.start("styp");
        w.fourcc("msdh").u32(0).fourcc("msdh").fourcc("cmfs");
        w.end(box);
        return w.toByteArray();
    }

    /**
     * One {@code moof} + {@code mdat}. Frames may interleave tracks but each track's frames are in decoding order;
     * the mdat holds track 1's samples, then track 2's. Tracks without frames get no {@code traf}. Nothing changes
     * when it throws: the sequence number and timelines stay where they were.
     *
     * @param frames         1 to {@value #MAX_SAMPLES_PER_FRAGMENT} frames whose configs equal this writer's tracks
     * @param nextDtsByTrack track id → dts of the frame after this fragment, for every track with frames here
     * @throws IllegalArgumentException if there are no or too many frames, a frame belongs to no track (a config
     *                                  change needs a new init segment and writer), or a next dts is missing
     * @throws MediaFormatException     if timestamps do not increase, go back before the previous fragment's end,
     *                                  are out of range, or a frame is empty or not 4-byte-length NAL units
     */
    public byte[] writeFragment(List<MediaFrame> frames, Map<Integer, Long> nextDtsByTrack) {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(nextDtsByTrack, "nextDtsByTrack");
        if (frames.isEmpty() || frames.size() > MAX_SAMPLES_PER_FRAGMENT) {
            throw new IllegalArgumentException("a fragment needs 1 to " + MAX_SAMPLES_PER_FRAGMENT + " frames, got "
                    + frames.size());
        }
        List<List<MediaFrame>> byTrack = new ArrayList<>(tracks.size());
        for (int i = 0; i < tracks.size(); i++) {
            byTrack.add(new ArrayList<>());
        }
        long payload = 0;
        for (MediaFrame frame : frames) {
            byTrack.get(trackOf(Objects.requireNonNull(frame, "frame"))).add(frame);
            payload += frame.data().length;
        }
        if (payload > MAX_FRAGMENT_PAYLOAD) {
            throw new MediaFormatException("fragment payload of " + payload + " bytes exceeds "
                    + MAX_FRAGMENT_PAYLOAD);
        }
        long[][] times = new long[tracks.size()][];
        for (int i = 0; i < tracks.size(); i++) {
            if (!byTrack.get(i).isEmpty()) {
                times[i] = timeline(i, byTrack.get(i), nextDtsByTrack);
            }
        }

        int size = size(byTrack, payload);
        BoxWriter w = new BoxWriter(size);
        int moof = w.start("moof");
        int mfhd = w.startFull("mfhd", 0, 0);
        w.u32(sequenceNumber);
        w.end(mfhd);
        int[] dataOffsetAt = new int[tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            if (times[i] != null) {
                dataOffsetAt[i] = traf(w, i, byTrack.get(i), times[i]);
            }
        }
        w.end(moof);
        int mdat = w.start("mdat");
        for (int i = 0; i < tracks.size(); i++) {
            if (times[i] != null) {
                w.patchU32(dataOffsetAt[i], w.position() - moof);
                for (MediaFrame frame : byTrack.get(i)) {
                    w.bytes(frame.data());
                }
            }
        }
        w.end(mdat);

        for (int i = 0; i < tracks.size(); i++) {
            if (times[i] != null) {
                List<MediaFrame> run = byTrack.get(i);
                endDts[i] = nextDtsByTrack.get(i + 1);
                lastTime[i] = times[i][run.size() - 1];
            }
        }
        if (w.position() != size) {
            // size() restates traf()'s layout; the golden tests fail here the day the two disagree.
            throw new IllegalStateException("fragment of " + w.position() + " bytes, " + size + " expected");
        }
        sequenceNumber = sequenceNumber == 0xFFFF_FFFFL ? 1 : sequenceNumber + 1;
        return w.toByteArray();
    }

    /**
     * The fragment's exact size, so the writer's buffer is the fragment and is handed out without another copy (a
     * part of 0.5 s of 6 Mbit/s video is ~370 KB, on the way to its listing). Box sizes as {@link #traf} writes them.
     */
    private int size(List<List<MediaFrame>> byTrack, long payload) {
        int size = 8 + 16 + 8 + (int) payload; // moof header, mfhd, mdat header, the samples
        for (int i = 0; i < tracks.size(); i++) {
            int samples = byTrack.get(i).size();
            if (samples > 0) {
                boolean video = tracks.get(i) instanceof VideoConfig;
                // traf header; tfhd (full box, track id, audio: default sample flags); tfdt v1; trun with count,
                // data offset and per sample duration + size (video: + flags + composition offset)
                size += 8 + (video ? 16 : 20) + 20 + 20 + samples * (video ? 16 : 8);
            }
        }
        return size;
    }

    /** Writes a traf and returns the position of its trun data_offset, patched once the moof size is known. */
    private int traf(BoxWriter w, int track, List<MediaFrame> run, long[] times) {
        boolean video = tracks.get(track) instanceof VideoConfig;
        int traf = w.start("traf");
        int tfhd = w.startFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF | (video ? 0 : TFHD_DEFAULT_SAMPLE_FLAGS));
        w.u32(track + 1);
        if (!video) {
            w.u32(FLAGS_SYNC);
        }
        w.end(tfhd);
        int tfdt = w.startFull("tfdt", 1, 0);
        w.u64(times[0]);
        w.end(tfdt);
        int flags = TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE
                | (video ? TRUN_FLAGS | TRUN_COMPOSITION_OFFSET : 0);
        int trun = w.startFull("trun", 1, flags);
        w.u32(run.size());
        int dataOffsetAt = w.position();
        w.u32(0);
        for (int s = 0; s < run.size(); s++) {
            MediaFrame frame = run.get(s);
            w.u32(times[s + 1] - times[s]).u32(frame.data().length);
            if (frame instanceof VideoFrame v) {
                w.u32(v.keyframe() ? FLAGS_SYNC : FLAGS_NON_SYNC).u32(v.compositionOffset());
            }
        }
        w.end(trun);
        w.end(traf);
        return dataOffsetAt;
    }

    /**
     * Checks a track's frames and returns the decode times of its samples in the track timescale, with the end of
     * the last sample appended (so sample s lasts {@code times[s + 1] - times[s]}).
     */
    private long[] timeline(int track, List<MediaFrame> run, Map<Integer, Long> nextDtsByTrack) {
        int id = track + 1;
        Long next = nextDtsByTrack.get(id);
        if (next == null) {
            throw new IllegalArgumentException("nextDtsByTrack has no entry for track " + id
                    + ", which has frames in this fragment");
        }
        long previousDts = Long.MIN_VALUE;
        for (MediaFrame frame : run) {
            long dts = frame.dts();
            if (dts < 0 || dts > MAX_DTS) {
                throw new MediaFormatException("track " + id + " dts " + dts + " is outside 0.." + MAX_DTS);
            }
            if (previousDts == Long.MIN_VALUE && endDts[track] != Long.MIN_VALUE && dts < endDts[track]) {
                throw new MediaFormatException("track " + id + " fragment starts at dts " + dts
                        + ", before the end " + endDts[track] + " the previous fragment declared");
            }
            if (previousDts != Long.MIN_VALUE && dts <= previousDts) {
                throw new MediaFormatException("track " + id + " dts " + dts + " does not increase after "
                        + previousDts);
            }
            if (frame.data().length == 0) {
                throw new MediaFormatException("track " + id + " frame at dts " + dts + " is empty");
            }
            if (frame instanceof VideoFrame v) {
                if (v.compositionOffset() > Integer.MAX_VALUE) {
                    throw new MediaFormatException("track " + id + " frame at dts " + dts + " has a composition"
                            + " offset of " + v.compositionOffset() + ", beyond trun's signed 32-bit field");
                }
                try {
                    Nalus.forEach(v.data(), 4, (b, off, len) -> { });
                } catch (MediaFormatException e) {
                    throw new MediaFormatException("track " + id + " frame at dts " + dts + ": " + e.getMessage(), e);
                }
            }
            previousDts = dts;
        }
        if (next <= previousDts || next > MAX_DTS) {
            throw new MediaFormatException("track " + id + " next dts " + next + " is not after the last dts "
                    + previousDts + " (or beyond " + MAX_DTS + ")");
        }
        long[] times = new long[run.size() + 1];
        AudioClock clock = clocks[track];
        long previous = lastTime[track];
        for (int s = 0; s <= run.size(); s++) {
            long dts = s < run.size() ? run.get(s).dts() : next;
            times[s] = clock == null ? dts : clock.map(previous, dts);
            if (s > 0) {
                long duration = times[s] - times[s - 1];
                if (duration <= 0 || duration > 0xFFFF_FFFFL) {
                    throw new MediaFormatException("track " + id + " sample at dts " + run.get(s - 1).dts()
                            + " would last " + duration + " ticks (next dts " + dts + "), outside trun's 1.."
                            + 0xFFFF_FFFFL);
                }
            }
            previous = times[s];
        }
        return times;
    }

    private int trackOf(MediaFrame frame) {
        TrackConfig config = frame.config();
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i) == config) {
                return i;
            }
        }
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).equals(config)) {
                return i;
            }
        }
        throw new IllegalArgumentException(frame + " has config " + config + ", which is none of this writer's "
                + tracks + ": a config change needs a new init segment and writer");
    }
}
