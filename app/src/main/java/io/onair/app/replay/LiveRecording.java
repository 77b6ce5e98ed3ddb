package io.onair.app.replay;

import io.onair.hls.VodRendition;
import io.onair.hls.VodSegment;
import io.onair.hls.VodTrack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The index of a broadcast being recorded, in memory: what live rewind (DVR) playlists are made from while the
 * broadcast goes on, without a database query per playlist request. The recorder's writer appends a segment here
 * only after its bytes are stored and indexed, so a listed segment is always fetchable. Thread-safe (its monitor).
 */
final class LiveRecording {
    private final long id;
    private final String channel;
    private final Instant startedAt;
    private Optional<Instant> firstPdt = Optional.empty();
    private final Map<String, Log> renditions = new LinkedHashMap<>();
    /** Each rendition's init segment in use, to start the next part of a split broadcast with. */
    private final Map<String, Map.Entry<Long, byte[]>> inits = new LinkedHashMap<>();
    private long durationMs;
    /** {@link #renditions()} until the next segment; null when it must be made again. */
    private List<VodRendition> snapshot;
    private long lastSequence = Long.MIN_VALUE;
    /** Set when a longer broadcast was split here: segments from this number on belong to the next part. */
    private long splitAt = Long.MAX_VALUE;

    private record Log(VodTrack track, String extension, List<VodSegment> segments) {
    }

    LiveRecording(long id, String channel, Instant startedAt) {
        this.id = id;
        this.channel = channel;
        this.startedAt = startedAt;
    }

    long id() {
        return id;
    }

    String channel() {
        return channel;
    }

    Instant startedAt() {
        return startedAt;
    }

    synchronized Optional<Instant> firstPdt() {
        return firstPdt;
    }

    synchronized boolean has(String rendition) {
        return renditions.containsKey(rendition);
    }

    synchronized void init(String rendition, long number, byte[] bytes) {
        inits.put(rendition, Map.entry(number, bytes));
    }

    synchronized Map<String, Map.Entry<Long, byte[]>> inits() {
        return Map.copyOf(inits);
    }

    /** Milliseconds recorded so far: from the first segment's program date-time to the end of the latest. */
    synchronized long durationMs() {
        return durationMs;
    }

    /** The highest sequence number recorded in any rendition. */
    synchronized long lastSequence() {
        return lastSequence;
    }

    synchronized long splitAt() {
        return splitAt;
    }

    synchronized void splitAt(long sequence) {
        splitAt = sequence;
    }

    /** @return true when it is the broadcast's first segment */
    synchronized boolean add(String rendition, VodTrack track, String extension, VodSegment segment) {
        snapshot = null;
        durationMs = Math.max(durationMs, endMs(segment));
        lastSequence = Math.max(lastSequence, segment.sequence());
        boolean first = firstPdt.isEmpty();
        if (first) {
            firstPdt = Optional.of(segment.programDateTime());
        }
        renditions.computeIfAbsent(rendition, r -> new Log(track, extension, new ArrayList<>())).segments()
                .add(segment);
        return first;
    }

    /**
     * A copy of the index: renditions in the order the replay's playlists list them (video by height, then audio).
     * Made once per new segment, not per request: every live rewind viewer asks for playlists and segments.
     */
    synchronized List<VodRendition> renditions() {
        if (snapshot == null) {
            snapshot = copy();
        }
        return snapshot;
    }

    private List<VodRendition> copy() {
        return renditions.entrySet().stream()
                .map(e -> new VodRendition(e.getKey(), e.getValue().track(), e.getValue().extension(),
                        List.copyOf(e.getValue().segments())))
                .sorted(java.util.Comparator.comparing((VodRendition r) -> r.track().audio())
                        .thenComparing(r -> -r.track().height()).thenComparing(VodRendition::name))
                .toList();
    }

    /** Milliseconds from the first segment's program date-time to the end of {@code s}. */
    synchronized long endMs(VodSegment s) {
        Instant origin = firstPdt.orElse(s.programDateTime());
        return java.time.Duration.between(origin, s.programDateTime()).toMillis() + s.durationTicks() / 90;
    }
}
