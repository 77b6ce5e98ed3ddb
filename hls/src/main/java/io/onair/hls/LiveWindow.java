package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.VideoConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.zip.CRC32C;
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
            Optional<AudioConfig> audio) {
    }

    private record Retired(HlsSegment segment, Instant until) {
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

    LiveWindow(String name, String extension, HlsSettings settings) {
        this.name = name;
        this.extension = extension;
        this.maxSegments = settings.playlistSegments();
        this.configuredTarget = (int) Math.ceilDiv(settings.targetDuration().toMillis(), 1000);
    }

    /** Registers init segment {@code number} before the first segment that uses it is appended. */
    void addInit(long number, byte[] bytes) {
        inits.put(number, bytes);
    }

    /**
     * @param gapTicks 90 kHz duration of a sequence number this rendition has no segment for (from the plan)
     */
    HlsSegment append(FinishedSegment f, Instant now, java.util.function.LongUnaryOperator gapTicks) {
        if (ended) {
            restart(now);
        }
        if (f.sequence() <= lastSequence) {
            throw new IllegalStateException(name + ": segment " + f.sequence() + " after " + lastSequence);
        }
        if (!listed.isEmpty() && f.sequence() > lastSequence + 1) {
            long missing = f.sequence() - lastSequence - 1;
            if (missing >= maxSegments) {
                log.info("{}: {} segments missing before {}: the listing restarts there", name, missing,
                        f.sequence());
                double total = totalSeconds();
                while (!listed.isEmpty()) {
                    retire(listed.removeFirst(), now, total);
                }
            } else {
                java.util.OptionalLong before = listed.getLast().segment().init();
                for (long s = lastSequence + 1; s < f.sequence(); s++) {
                    long ticks = gapTicks.applyAsLong(s);
                    HlsSegment gap = new HlsSegment(s, new byte[0], ticks / 90_000.0, false, f.programDateTime(),
                            "gap", before, -1, ticks, true);
                    listed.add(new Entry(gap, 0, 0, Optional.empty(), Optional.empty()));
                }
            }
        }
        double seconds = f.durationSeconds();
        long rounded = Math.round(seconds);
        if (targetDuration == 0) {
            targetDuration = (int) Math.max(configuredTarget, rounded);
            if (targetDuration > configuredTarget) {
                log.warn("{}: first segment is {} s, the keyframe interval is longer than the {} s target:"
                        + " EXT-X-TARGETDURATION is {} for this playlist", name, seconds, configuredTarget,
                        targetDuration);
            }
        } else if (rounded > targetDuration && !warnedLong) {
            warnedLong = true;
            log.warn("{}: segment of {} s is longer than EXT-X-TARGETDURATION {} (the keyframe interval grew);"
                    + " listed with its true duration, the target stays fixed (RFC 8216 §4.3.3.1). Logged once.",
                    name, seconds, targetDuration);
        }
        lastSequence = f.sequence();
        version++;
        HlsSegment segment = new HlsSegment(f.sequence(), f.data(), seconds, f.discontinuity() && !listed.isEmpty(),
                f.programDateTime(), etag(f.sequence(), f.data()), f.init(), f.start(), f.durationTicks(), false);
        listed.add(new Entry(segment, f.data().length, f.videoFrames(), f.video(), f.audio()));
        slide(now);
        return segment;
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
        retired.add(new Retired(entry.segment(), now.plus(Duration.ofMillis((long) Math.ceil(keep * 1000)))));
    }

    /** Adds {@code EXT-X-ENDLIST}; the next segment starts a new playlist. */
    void end() {
        if (!ended) {
            version++;
        }
        ended = true;
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
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MediaPlaylist(version, targetDuration, listed.getFirst().segment().sequence(),
                discontinuitySequence, listed.stream().map(Entry::segment).toList(), extension, ended));
    }

    /** The listed segments, oldest first (gaps included). */
    List<HlsSegment> listed() {
        return listed.stream().map(Entry::segment).toList();
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
        return Map.copyOf(inits);
    }

    private double totalSeconds() {
        return listed.stream().mapToDouble(e -> e.segment().durationSeconds()).sum();
    }

    private static String etag(long sequence, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return sequence + "-" + HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
