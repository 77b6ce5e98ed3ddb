package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rendition of a channel: its cut track parts muxed into segments of its {@link SegmentFormat} and listed in
 * its {@link LiveWindow}. A video rendition carries one video track, plus (MPEG-TS only) the source audio part with
 * the same sequence number muxed in; the audio rendition (fMP4) carries the source audio. Under the channel's lock.
 */
final class Rendition {
    enum Kind { VIDEO, AUDIO }

    /** Video parts waiting for their audio part (MPEG-TS): a few segments, then they go without. */
    static final int MAX_WAITING = 4;

    private static final Logger log = LoggerFactory.getLogger(Rendition.class);

    private final String channel;
    private final String name;
    private final Kind kind;
    private final SegmentFormat format;
    private final LiveWindow window;
    private final LongUnaryOperator gapTicks;
    private final InstantClock clock;
    private final Optional<VideoCutter> cutter;
    private final ArrayDeque<TrackPart> waiting = new ArrayDeque<>();
    private List<TrackConfig> tracks = List.of();
    private SegmentWriter writer;
    private OptionalLong init = OptionalLong.empty();
    private boolean ended;
    /** LL-HLS: 90 kHz part target, 0 when this rendition makes no parts (LL-HLS off, or MPEG-TS). */
    private final long partTicks;
    /** LL-HLS: the segment in progress, its published parts and the frames of the part being filled. */
    private Open open;

    private static final class Open {
        final SegmentHead head;
        final boolean discontinuity;
        final OptionalLong init;
        final List<MediaFrame> pending = new ArrayList<>();
        final List<HlsPart> parts = new ArrayList<>();
        /** The last DTS step, the estimate of the next frame's duration. */
        long interval;

        Open(SegmentHead head, boolean discontinuity, OptionalLong init) {
            this.head = head;
            this.discontinuity = discontinuity;
            this.init = init;
        }
    }

    /** Audio parts by sequence number, for muxing; an empty function when the audio is not muxed in. */
    private final LongFunction<AudioLookup> audio;
    /** Where listed segments and their init segments go for recording (never blocks). */
    private final SegmentArchive archive;

    /** What the channel knows about the audio part of a sequence number. */
    sealed interface AudioLookup {
        record Present(TrackPart part) implements AudioLookup {
        }

        /** Will not come (no audio track, or the audio is past that number): mux without. */
        record None() implements AudioLookup {
        }

        record Pending() implements AudioLookup {
        }
    }

    Rendition(String channel, String name, Kind kind, SegmentFormat format, HlsSettings settings, SegmentPlan plan,
            LongUnaryOperator gapTicks, LongFunction<AudioLookup> audio, InstantClock clock,
            Optional<LiveWindow> continuing, SegmentArchive archive) {
        this.channel = channel;
        this.archive = archive;
        this.name = name;
        this.kind = kind;
        this.format = format;
        this.window = continuing.orElseGet(() -> new LiveWindow(channel + "/" + name, format.extension(), settings));
        this.gapTicks = gapTicks;
        this.clock = clock;
        this.audio = audio;
        this.partTicks = settings.lowLatency() && format.separateTracks() ? settings.partTarget().toMillis() * 90 : 0;
        this.cutter = kind == Kind.VIDEO
                ? Optional.of(new VideoCutter(channel + "/" + name, plan, settings.maxSegmentBytes(),
                        p -> videoPart(p, clock.now()), partTicks > 0 ? this::progress : SegmentHead.Progress.NONE))
                : Optional.empty();
    }

    /** The channel's clock, read when a segment is listed. */
    interface InstantClock {
        Instant now();
    }

    String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    LiveWindow window() {
        return window;
    }

    boolean ended() {
        return ended;
    }

    void frame(VideoFrame frame) {
        ended = false;
        cutter.orElseThrow().frame(frame);
    }

    VideoCutter cutter() {
        return cutter.orElseThrow();
    }

    /** The rendition stopped (its encoder ended): its playlist ends, it leaves the master playlist and the MPD. */
    void end() {
        cutter.ifPresent(VideoCutter::end);
        flushWaiting(true, clock.now());
        ended = true;
        window.end();
    }

    void started() {
        ended = false;
    }

    private void videoPart(TrackPart part, Instant now) {
        waiting.add(part);
        flushWaiting(false, now);
    }

    /** Muxes the video parts whose audio part is known by now (called again whenever an audio part completes). */
    void flushWaiting(boolean force, Instant now) {
        while (!waiting.isEmpty()) {
            TrackPart p = waiting.peekFirst();
            AudioLookup a = audio.apply(p.sequence());
            if (a instanceof AudioLookup.Pending && !force && waiting.size() <= MAX_WAITING) {
                return;
            }
            waiting.removeFirst();
            mux(p, a instanceof AudioLookup.Present present ? Optional.of(present.part()) : Optional.empty(), now);
        }
    }

    /** An audio part, as this rendition's only track. */
    void audioPart(TrackPart part, Instant now) {
        ended = false;
        mux(part, Optional.empty(), now);
    }

    // ---- LL-HLS parts (RFC 8216bis §4.4.4.9) ----

    /**
     * A frame of the segment in progress (from the cutter, as soon as it belongs there). A part closes when this
     * frame arrives and the part would otherwise pass the part target: §4.4.4.9 says "The duration of a Partial
     * Segment MUST be less than or equal to the Part Target Duration", so the part ends at the last frame boundary
     * at or before the target (at it for 30 fps and 0.5 s; one frame before it for 29.97 fps, 0.467 s, above the
     * 85 % floor of the same clause), estimating the next frame's duration by the last one. The frame that closes
     * a part starts the next, so the part's last sample lasts exactly to it. Parts of the last segment before a
     * boundary may be shorter ("the final Partial Segment of any Parent Segment" is exempt from the floor).
     */
    void progress(SegmentHead head, MediaFrame f) {
        if (partTicks == 0) {
            return;
        }
        Instant now = clock.now();
        if (open == null || open.head.sequence() != head.sequence()) {
            if (open != null) {
                abandon();
            }
            open = begin(head);
            if (open == null) {
                return;
            }
        }
        if (!open.pending.isEmpty()) {
            long first = open.pending.getFirst().dts();
            long last = open.pending.getLast().dts();
            if (f.dts() > last) {
                open.interval = f.dts() - last;
            }
            long span = f.dts() - first;
            if (span >= partTicks || span + open.interval > partTicks) {
                closePart(f.dts(), now);
                if (open == null) {
                    return;
                }
            }
        }
        open.pending.add(f);
    }

    /** Opens the writer (and a new init segment) for a segment's first part, as {@link #mux} does per segment. */
    private Open begin(SegmentHead head) {
        List<TrackConfig> wanted = List.of(head.config());
        // After an ENDLIST the next segment starts a new playlist, and a new broadcast for the archive, which stores
        // each replay on its own: it gets an init segment of its own even with the same tracks (mux() alike).
        boolean newTracks = !wanted.equals(tracks) || window.ended();
        try {
            if (newTracks || head.discontinuity()) {
                writer = format.open(wanted);
            }
            if (newTracks) {
                Optional<byte[]> initBytes = format.init(wanted);
                if (initBytes.isPresent()) {
                    window.addInit(head.sequence(), initBytes.get());
                    archive.init(channel, name, head.sequence(), initBytes.get());
                    init = OptionalLong.of(head.sequence());
                } else {
                    init = OptionalLong.empty();
                }
            }
            boolean changed = newTracks && !tracks.isEmpty();
            tracks = wanted;
            return new Open(head, head.discontinuity() || changed, init);
        } catch (RuntimeException e) {
            tracks = List.of();
            log.warn("{}/{}: segment {} could not be started and is skipped: {}", channel, name, head.sequence(),
                    e.toString());
            return null;
        }
    }

    /** Writes the pending frames as the next part and lists it: its bytes are complete before it is listed. */
    private void closePart(long nextDts, Instant now) {
        List<MediaFrame> frames = List.copyOf(open.pending);
        open.pending.clear();
        try {
            byte[] data = writer.fragment(frames, Map.of(1, nextDts));
            boolean independent = !(frames.getFirst() instanceof VideoFrame v) || v.keyframe();
            int index = open.parts.size();
            HlsPart part = new HlsPart(open.head.sequence(), index, data, nextDts - frames.getFirst().dts(),
                    independent, SegmentBytes.etag(open.head.sequence() + "." + index, data));
            open.parts.add(part);
            window.addPart(open.head.sequence(), open.discontinuity, open.init, open.head.programDateTime(), part,
                    now, gapTicks);
        } catch (RuntimeException e) {
            log.warn("{}/{}: a part of segment {} could not be written; the segment is skipped: {}", channel, name,
                    open.head.sequence(), e.toString());
            abandon();
        }
    }

    /** The segment in progress will not complete (dropped, or its writer failed): its parts leave the playlist. */
    private void abandon() {
        window.abandonOpen();
        open = null;
        tracks = List.of(); // the next segment starts with a fresh writer
    }

    /** The cutter completed the segment in progress: its last part, then the segment of all its parts. */
    private void complete(TrackPart main, Instant now) {
        if (!open.pending.isEmpty()) {
            closePart(main.nextDts(), now);
            if (open == null) {
                return;
            }
        }
        // The segment is its header and its parts' bytes: listed as such, made one array when first asked for
        // (SegmentBytes says why).
        ByteArrayOutputStream head = new ByteArrayOutputStream(64);
        writer.begin(head);
        SegmentBytes bytes = SegmentBytes.ofParts(head.toByteArray(), open.parts);
        Optional<VideoConfig> video = main.config() instanceof VideoConfig v ? Optional.of(v) : Optional.empty();
        Optional<AudioConfig> audioConfig = main.config() instanceof AudioConfig a ? Optional.of(a)
                : Optional.empty();
        int videoFrames = (int) main.frames().stream().filter(f -> f instanceof VideoFrame).count();
        HlsSegment s = window.append(new FinishedSegment(main.sequence(), bytes, main.start(),
                main.durationTicks(), open.discontinuity, main.programDateTime(), open.init, video, audioConfig,
                videoFrames), now, gapTicks, open.parts);
        archive.segment(channel, name, new ArchivedSegment(s, format.extension(), video, audioConfig, videoFrames));
        open = null;
        log.debug("{}/{}: {}", channel, name, s);
    }

    private void mux(TrackPart main, Optional<TrackPart> muxedAudio, Instant now) {
        if (open != null) {
            if (open.head.sequence() == main.sequence() && muxedAudio.isEmpty()) {
                complete(main, now);
                return;
            }
            abandon();
        }
        List<TrackConfig> wanted = new ArrayList<>(2);
        wanted.add(main.config());
        muxedAudio.ifPresent(a -> wanted.add(a.config()));
        boolean newTracks = !wanted.equals(tracks) || window.ended();
        try {
            if (newTracks || main.discontinuity()) {
                // A new timeline may go back in time: a fresh writer (fMP4 timelines, TS continuity counters).
                writer = format.open(wanted);
            }
            if (newTracks) {
                Optional<byte[]> initBytes = format.init(wanted);
                if (initBytes.isPresent()) {
                    window.addInit(main.sequence(), initBytes.get());
                    archive.init(channel, name, main.sequence(), initBytes.get());
                    init = OptionalLong.of(main.sequence());
                } else {
                    init = OptionalLong.empty();
                }
            }
            List<MediaFrame> frames = merge(main.frames(), muxedAudio.map(TrackPart::frames).orElse(List.of()));
            Map<Integer, Long> next = new HashMap<>();
            next.put(1, main.nextDts());
            muxedAudio.ifPresent(a -> next.put(2, a.nextDts()));
            ByteArrayOutputStream out = new ByteArrayOutputStream(frames.stream().mapToInt(f -> f.data().length)
                    .sum() + 4096);
            writer.begin(out);
            writer.fragment(frames, next, out);
            boolean changed = newTracks && !tracks.isEmpty();
            tracks = List.copyOf(wanted);
            Optional<VideoConfig> video = main.config() instanceof VideoConfig v ? Optional.of(v) : Optional.empty();
            Optional<AudioConfig> audioConfig = main.config() instanceof AudioConfig a ? Optional.of(a)
                    : muxedAudio.map(a -> (AudioConfig) a.config());
            int videoFrames = (int) main.frames().stream().filter(f -> f instanceof VideoFrame).count();
            HlsSegment s = window.append(new FinishedSegment(main.sequence(), out.toByteArray(), main.start(),
                    main.durationTicks(), main.discontinuity() || changed, main.programDateTime(), init, video,
                    audioConfig, videoFrames), now, gapTicks);
            archive.segment(channel, name, new ArchivedSegment(s, format.extension(), video, audioConfig,
                    videoFrames));
            log.debug("{}/{}: {}", channel, name, s);
        } catch (RuntimeException e) {
            tracks = List.of(); // start over with a fresh writer
            log.warn("{}/{}: segment {} could not be written and is skipped: {}", channel, name, main.sequence(),
                    e.toString());
        }
    }

    /**
     * Frames of two tracks in decoding order; the first list's frame first on equal timestamps, and always first
     * overall (a segment starts with its keyframe right after PAT/PMT, even when the audio frame nearest the
     * boundary is decoded a little before it).
     */
    static List<MediaFrame> merge(List<MediaFrame> a, List<MediaFrame> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<MediaFrame> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        if (!a.isEmpty()) {
            out.add(a.get(i++));
        }
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j >= b.size() || (i < a.size() && a.get(i).dts() <= b.get(j).dts())) {
                out.add(a.get(i++));
            } else {
                out.add(b.get(j++));
            }
        }
        return out;
    }
}
