package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rendition's live window: the listed segments, the ones that left it but must stay fetchable, and the
 * playlist-wide values that must not change (gohlslib's {@code muxer_stream.go}). Guarded by the channel's lock.
 *
 * <p><b>Target duration.</b> {@code EXT-X-TARGETDURATION} must not change for the life of a playlist (RFC 8216
 * §4.3.3.1; growing it breaks iOS, which SRS did). It is decided from the first segment: the configured target
 * rounded up, or the first segment's duration rounded to the nearest second if longer (§4.3.3.1 compares the
 * rounded {@code EXTINF} with it), which covers a keyframe interval longer than the target from the start. A later
 * segment can still be longer (the encoder's keyframe interval grew): it is listed with its true {@code EXTINF} and
 * the target stays; a warning is logged once per playlist. Cutting without a keyframe would make a segment players
 * cannot start from, and raising the target is what breaks iOS; a segment longer than the target only costs that
 * player a stall if its buffer is shorter, and the ingest stats tell the streamer to shorten the keyframe interval.
 *
 * <p><b>Sliding.</b> The oldest segment leaves when more than {@code playlistSegments} are listed, and only if at
 * least three target durations remain (§6.2.2). A segment with a discontinuity leaving increments
 * {@code EXT-X-DISCONTINUITY-SEQUENCE} (§4.3.3.3). A hard cap of {@code 3 * playlistSegments} bounds memory when
 * segments are short (a burst of discontinuities).
 *
 * <p><b>Retention.</b> A segment that left the playlist stays fetchable for its duration plus the playlist's
 * (§6.2.2: a client that loaded the last playlist containing it may still ask), then it is freed.
 *
 * <p><b>Sequence numbers</b> come from the channel's {@link SegmentPlan}: the same instant has the same number in
 * every rendition. They continue across the publications of a channel, also into a new playlist after
 * {@code EXT-X-ENDLIST}, so a segment URI never names different bytes. A rendition that has no media for a number
 * (a transcoder restarting, a missed keyframe) lists it with {@code EXT-X-GAP} so the numbering stays positional
 * (RFC 8216 §4.3.3.2: a segment's number is the media sequence plus its position); a hole longer than the window
 * restarts the listing at the new number instead.
 *
 * <p><b>Init segments</b> ({@code EXT-X-MAP}) are numbered by the sequence number of the first segment using them:
 * increasing on every config change, and never reused for other bytes either.
 */
final class LiveWindow {
    private static final Logger log = LoggerFactory.getLogger(LiveWindow.class);

    private record Entry(HlsSegment segment, long bytes, int videoFrames, Optional<VideoConfig> video,
            Optional<AudioConfig> audio, List<HlsPart> parts) {
    }

    private record Retired(HlsSegment segment, Instant until, List<HlsPart> parts) {
    }

    /** LL-HLS: the segment in progress, listed only by its parts (RFC 8216bis §4.4.4.9). */
    record OpenSegment(long sequence, boolean discontinuity, java.util.OptionalLong init, Instant programDateTime,
            List<HlsPart> parts) {
    }

    private final String name;
    private final String extension;
    private final int maxSegments;
    private final int configuredTarget;
    private final ArrayDeque<Entry> listed = new ArrayDeque<>();
    private final List<Retired> retired = new ArrayList<>();
    private final Map<Long, byte[]> inits = new HashMap<>();
    private long lastSequence = Long.MIN_VALUE;
    private long discontinuitySequence;
    private int targetDuration;
    private boolean ended;
    private boolean warnedLong;
    private long version;
    /** LL-HLS: the parts of the segment in progress, in order; null between segments. */
    private OpenSegment open;

    LiveWindow(String name, String extension, HlsSettings settings) {
        this.name = name;
        this.extension = extension;
        this.maxSegments = settings.playlistSegments();
        this.configuredTarget = (int) Math.ceilDiv(settings.targetDuration().toMillis(), 1000);
    }

    /** Registers init segment {@code number} before the first segment that uses it is appended. */
    void addInit(long number, byte[] bytes) {
        inits.put(number, bytes);
        version++;
    }

    /**
     * What a snapshot takes of this window, computed once per {@link #version}. The channel publishes a snapshot
     * of every rendition on every part of any of them, and most renditions did not change since the last: theirs
     * are the same immutable values again, not copies (a publish is on the way from a keyframe to its segment's
     * listing).
     */
    private record Views(long version, List<HlsSegment> listed, List<List<HlsPart>> listedParts,
            Map<Long, HlsSegment> fetchable, Map<Long, byte[]> inits, Map<Long, List<HlsPart>> fetchableParts,
            Optional<LiveEdge> edge) {
    }

    private Views views;

    private Views views() {
        Views v = views;
        if (v == null || v.version() != version) {
            v = new Views(version, listed.stream().map(Entry::segment).toList(),
                    listed.stream().map(Entry::parts).toList(), computeFetchable(), Map.copyOf(inits),
                    computeFetchableParts(), computeEdge());
            views = v;
        }
        return v;
    }

    /**
     * @param gapTicks 90 kHz duration of a sequence number this rendition has no segment for (from the plan)
     */
    HlsSegment append(FinishedSegment f, Instant now, java.util.function.LongUnaryOperator gapTicks) {
        return append(f, now, gapTicks, List.of());
    }

    /**
     * A complete segment; with LL-HLS its parts (already listed while it grew) move from the segment in progress
     * to it.
     */
    HlsSegment append(FinishedSegment f, Instant now, java.util.function.LongUnaryOperator gapTicks,
            List<HlsPart> parts) {
        if (ended) {
            restart(now);
        }
        if (f.sequence() <= lastSequence) {
            throw new IllegalStateException(name + ": segment " + f.sequence() + " after " + lastSequence);
        }
        fillTo(f.sequence(), f.programDateTime(), now, gapTicks);
        if (open != null && open.sequence() <= f.sequence()) {
            open = null;
        }
        double seconds = f.durationSeconds();
        long rounded = Math.round(seconds);
        if (targetDuration == 0) {
            targetDuration = (int) Math.max(configuredTarget, rounded);
            if (targetDuration > configuredTarget) {
                log.warn("{}: first segment is {} s, the keyframe interval is longer than the {} s target:"
                        + " EXT-X-TARGETDURATION is {} for this playlist", name,
                        String.format(java.util.Locale.ROOT, "%.3f", seconds), configuredTarget,
                        targetDuration);
            }
        } else if (rounded > targetDuration && !warnedLong) {
            warnedLong = true;
            log.warn("{}: segment of {} s is longer than EXT-X-TARGETDURATION {} (the keyframe interval grew);"
                    + " listed with its true duration, the target stays fixed (RFC 8216 §4.3.3.1). Logged once.",
                    name, String.format(java.util.Locale.ROOT, "%.3f", seconds), targetDuration);
        }
        lastSequence = f.sequence();
        version++;
        HlsSegment segment = new HlsSegment(f.sequence(), f.bytes(), seconds,
                f.discontinuity() && !listed.isEmpty(), f.programDateTime(), f.bytes().etag(f.sequence()), f.init(),
                f.start(), f.durationTicks(), false);
        listed.add(new Entry(segment, f.bytes().length(), f.videoFrames(), f.video(), f.audio(), List.copyOf(parts)));
        slide(now);
        return segment;
    }

    /** Lists the numbers before {@code sequence} this rendition has no media for as gaps (or restarts the listing). */
    private void fillTo(long sequence, Instant programDateTime, Instant now,
            java.util.function.LongUnaryOperator gapTicks) {
        if (listed.isEmpty() || sequence <= lastSequence + 1) {
            return;
        }
        long missing = sequence - lastSequence - 1;
        if (missing >= maxSegments) {
            log.info("{}: {} segments missing before {}: the listing restarts there", name, missing, sequence);
            double total = totalSeconds();
            while (!listed.isEmpty()) {
                retire(listed.removeFirst(), now, total);
            }
        } else {
            java.util.OptionalLong before = listed.getLast().segment().init();
            for (long s = lastSequence + 1; s < sequence; s++) {
                long ticks = gapTicks.applyAsLong(s);
                HlsSegment gap = new HlsSegment(s, new byte[0], ticks / 90_000.0, false, programDateTime,
                        "gap", before, -1, ticks, true);
                listed.add(new Entry(gap, 0, 0, Optional.empty(), Optional.empty(), List.of()));
            }
        }
        lastSequence = sequence - 1;
    }

    /**
     * LL-HLS: a part of segment {@code sequence}, in progress, complete in bytes: listed from now on (RFC 8216bis
     * §6.2.1, "A Partial Segment MUST be similarly available at the time it is added to a Playlist").
     */
    void addPart(long sequence, boolean discontinuity, java.util.OptionalLong init, Instant programDateTime,
            HlsPart part, Instant now, java.util.function.LongUnaryOperator gapTicks) {
        if (ended) {
            restart(now);
        }
        if (sequence <= lastSequence) {
            throw new IllegalStateException(name + ": part of segment " + sequence + " after " + lastSequence);
        }
        fillTo(sequence, programDateTime, now, gapTicks);
        List<HlsPart> parts = new ArrayList<>();
        if (open != null && open.sequence() == sequence) {
            parts.addAll(open.parts());
        }
        if (part.index() != parts.size()) {
            throw new IllegalStateException(name + ": part " + part + " after " + parts.size() + " parts");
        }
        parts.add(part);
        open = new OpenSegment(sequence, discontinuity && !listed.isEmpty(), init, programDateTime,
                List.copyOf(parts));
        version++;
    }

    /** LL-HLS: the segment in progress will not be completed; its parts leave the playlist. */
    void abandonOpen() {
        if (open != null) {
            open = null;
            version++;
        }
    }

    /** LL-HLS: the segment in progress, when it has parts. */
    Optional<OpenSegment> open() {
        return Optional.ofNullable(open);
    }

    private void slide(Instant now) {
        double total = totalSeconds();
        while (listed.size() > maxSegments) {
            Entry first = listed.getFirst();
            boolean keepsThreeTargets = total - first.segment().durationSeconds() >= 3.0 * targetDuration;
            if (!keepsThreeTargets && listed.size() <= 3 * maxSegments) {
                break;
            }
            retire(listed.removeFirst(), now, total);
            total -= first.segment().durationSeconds();
        }
        while (!listed.isEmpty() && listed.getFirst().segment().gap()) {
            retire(listed.removeFirst(), now, total); // a playlist never starts with a hole
        }
    }

    private void retire(Entry entry, Instant now, double playlistSeconds) {
        if (entry.segment().discontinuity()) {
            discontinuitySequence++;
        }
        if (entry.segment().gap()) {
            return;
        }
        double keep = entry.segment().durationSeconds() + playlistSeconds;
        // Parts stay fetchable with their segment: at least three target durations after their EXT-X-PART tags
        // left the playlist (RFC 8216bis §6.2.2), since a playlist is at least that long.
        retired.add(new Retired(entry.segment(), now.plus(Duration.ofMillis((long) Math.ceil(keep * 1000))),
                entry.parts()));
    }

    /** Adds {@code EXT-X-ENDLIST}; the next segment starts a new playlist. */
    void end() {
        if (!ended) {
            version++;
        }
        ended = true;
        open = null; // a segment that never completed: its parts are not part of the ended playlist
    }

    /**
     * What the listed segments are, as a value that differs whenever they do (segments are only added at the end
     * and removed from the start, a restart renumbers them): cheaper to compare than the segments themselves, for
     * what depends on segments and not on parts (the DASH manifest).
     */
    record ListedRange(int size, long first, long last, boolean ended) {
    }

    ListedRange listedRange() {
        return listed.isEmpty() ? new ListedRange(0, 0, 0, ended)
                : new ListedRange(listed.size(), listed.getFirst().segment().sequence(),
                        listed.getLast().segment().sequence(), ended);
    }

    /** Changes with every change of the playlist or the fetchable segments. */
    long version() {
        return version;
    }

    boolean ended() {
        return ended;
    }

    boolean isEmpty() {
        return listed.isEmpty();
    }

    /** After {@code EXT-X-ENDLIST} a playlist must not change (§6.2.1): a new publication starts a new one. */
    private void restart(Instant now) {
        double total = totalSeconds();
        while (!listed.isEmpty()) {
            retire(listed.removeFirst(), now, total);
        }
        ended = false;
        open = null;
        targetDuration = 0;
        discontinuitySequence = 0;
        warnedLong = false;
    }

    /** Frees retired segments whose time is up, and init segments no segment refers to; true when any was freed. */
    boolean purge(Instant now) {
        boolean freed = retired.removeIf(r -> !now.isBefore(r.until()));
        java.util.Set<Long> used = new java.util.HashSet<>();
        retired.forEach(r -> r.segment().init().ifPresent(used::add));
        listed.forEach(e -> e.segment().init().ifPresent(used::add));
        if (!inits.isEmpty()) {
            long newest = inits.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            freed |= inits.keySet().removeIf(n -> n != newest && !used.contains(n));
        }
        if (freed) {
            version++;
        }
        return freed;
    }

    /** True when nothing is listed or retained: the window may be dropped. */
    boolean drained() {
        return listed.isEmpty() && retired.isEmpty();
    }

    Optional<MediaPlaylist> playlist(int version) {
        return playlist(version, java.util.OptionalDouble.empty(), List.of());
    }

    /**
     * @param partTarget LL-HLS: the part target in seconds, when this rendition has parts
     * @param reports    LL-HLS: the other renditions' live edges
     */
    Optional<MediaPlaylist> playlist(int version, java.util.OptionalDouble partTarget,
            List<MediaPlaylist.RenditionReport> reports) {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        Optional<MediaPlaylist.LowLatency> ll = partTarget.isPresent()
                ? Optional.of(new MediaPlaylist.LowLatency(partTarget.getAsDouble(), listedParts(), open(), reports))
                : Optional.empty();
        return Optional.of(new MediaPlaylist(version, targetDuration, listed.getFirst().segment().sequence(),
                discontinuitySequence, listed(), extension, ended, ll));
    }

    /**
     * LL-HLS: where this rendition's playlist ends, for blocking reloads and the other renditions'
     * {@code EXT-X-RENDITION-REPORT}; empty before the first segment.
     */
    Optional<LiveEdge> edge() {
        return views().edge();
    }

    private Optional<LiveEdge> computeEdge() {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Integer> counts = new HashMap<>();
        listed.forEach(e -> counts.put(e.segment().sequence(), e.parts().size()));
        return Optional.of(new LiveEdge(listed.getFirst().segment().sequence(), listed.getLast().segment().sequence(),
                Map.copyOf(counts), open == null ? java.util.OptionalLong.empty()
                        : java.util.OptionalLong.of(open.sequence()),
                open == null ? 0 : open.parts().size(), ended, targetDuration));
    }

    /** The listed segments, oldest first (gaps included). */
    List<HlsSegment> listed() {
        return views().listed();
    }

    /** Bit rates and track configs of this window's current segments, for the master playlist and the MPD. */
    Optional<WindowStats> stats() {
        long peak = 0;
        long bytes = 0;
        long frames = 0;
        double seconds = 0;
        Entry last = null;
        for (Entry e : listed) {
            if (e.segment().gap()) {
                continue;
            }
            double d = e.segment().durationSeconds();
            peak = Math.max(peak, (long) Math.ceil(e.bytes() * 8 / d));
            bytes += e.bytes();
            seconds += d;
            frames += e.videoFrames();
            last = e;
        }
        if (last == null) {
            return Optional.empty();
        }
        OptionalDouble frameRate = last.video().isPresent() && frames > 0
                ? OptionalDouble.of(Math.round(frames / seconds * 1000) / 1000.0)
                : OptionalDouble.empty();
        return Optional.of(new WindowStats(peak, (long) Math.ceil(bytes * 8 / seconds), last.video(), last.audio(),
                frameRate));
    }

    /** Every fetchable segment: listed and retained. */
    Map<Long, HlsSegment> fetchable() {
        return views().fetchable();
    }

    private Map<Long, HlsSegment> computeFetchable() {
        Map<Long, HlsSegment> map = new HashMap<>();
        retired.forEach(r -> map.put(r.segment().sequence(), r.segment()));
        listed.forEach(e -> {
            if (!e.segment().gap()) {
                map.put(e.segment().sequence(), e.segment());
            }
        });
        return Map.copyOf(map);
    }

    Map<Long, byte[]> inits() {
        return views().inits();
    }

    private double totalSeconds() {
        return listed.stream().mapToDouble(e -> e.segment().durationSeconds()).sum();
    }

    /** LL-HLS: every fetchable part by parent sequence number (listed, in progress and retained segments). */
    Map<Long, List<HlsPart>> fetchableParts() {
        return views().fetchableParts();
    }

    private Map<Long, List<HlsPart>> computeFetchableParts() {
        Map<Long, List<HlsPart>> map = new HashMap<>();
        retired.forEach(r -> {
            if (!r.parts().isEmpty()) {
                map.put(r.segment().sequence(), r.parts());
            }
        });
        listed.forEach(e -> {
            if (!e.parts().isEmpty()) {
                map.put(e.segment().sequence(), e.parts());
            }
        });
        if (open != null) {
            map.put(open.sequence(), open.parts());
        }
        return Map.copyOf(map);
    }

    /** LL-HLS: the parts of each listed segment, in listing order (empty lists for gaps and segments without). */
    List<List<HlsPart>> listedParts() {
        return views().listedParts();
    }

    /** The fixed {@code EXT-X-TARGETDURATION}, 0 before the first segment. */
    int targetDuration() {
        return targetDuration;
    }
}
