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
 * <p><b>Sequence numbers</b> continue across the publications of a channel, also into a new playlist after
 * {@code EXT-X-ENDLIST}, so a segment URI never names different bytes.
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
    private long nextSequence;
    private long discontinuitySequence;
    private int targetDuration;
    private boolean ended;
    private boolean warnedLong;

    LiveWindow(String name, String extension, HlsSettings settings, long firstSequence) {
        this.name = name;
        this.extension = extension;
        this.maxSegments = settings.playlistSegments();
        this.configuredTarget = (int) Math.ceilDiv(settings.targetDuration().toMillis(), 1000);
        this.nextSequence = firstSequence;
    }

    HlsSegment append(FinishedSegment f, Instant now) {
        if (ended) {
            restart(now);
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
        long sequence = nextSequence++;
        HlsSegment segment = new HlsSegment(sequence, f.data(), seconds, f.discontinuity() && !listed.isEmpty(),
                f.programDateTime(), etag(sequence, f.data()));
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
    }

    private void retire(Entry entry, Instant now, double playlistSeconds) {
        if (entry.segment().discontinuity()) {
            discontinuitySequence++;
        }
        double keep = entry.segment().durationSeconds() + playlistSeconds;
        retired.add(new Retired(entry.segment(), now.plus(Duration.ofMillis((long) Math.ceil(keep * 1000)))));
    }

    /** Adds {@code EXT-X-ENDLIST}; the next segment starts a new playlist. */
    void end() {
        ended = true;
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

    /** Frees retired segments whose time is up; true when any was freed. */
    boolean purge(Instant now) {
        return retired.removeIf(r -> !now.isBefore(r.until()));
    }

    Optional<MediaPlaylist> playlist() {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MediaPlaylist(targetDuration, listed.getFirst().segment().sequence(),
                discontinuitySequence, listed.stream().map(Entry::segment).toList(), extension, ended));
    }

    /** The variant describing this window's current segments, for the master playlist. */
    Optional<VariantStream> variant(String uri) {
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        long peak = 0;
        long bytes = 0;
        long frames = 0;
        double seconds = 0;
        for (Entry e : listed) {
            double d = e.segment().durationSeconds();
            peak = Math.max(peak, (long) Math.ceil(e.bytes() * 8 / d));
            bytes += e.bytes();
            seconds += d;
            frames += e.videoFrames();
        }
        Entry last = listed.getLast();
        String codecs = String.join(",", java.util.stream.Stream.concat(
                last.video().map(VideoConfig::codecsString).stream(),
                last.audio().map(AudioConfig::codecsString).stream()).toList());
        Optional<String> resolution = last.video().map(v -> v.width() + "x" + v.height());
        OptionalDouble frameRate = last.video().isPresent() && frames > 0
                ? OptionalDouble.of(Math.round(frames / seconds * 1000) / 1000.0)
                : OptionalDouble.empty();
        return Optional.of(new VariantStream(peak, (long) Math.ceil(bytes * 8 / seconds), codecs, resolution,
                frameRate, uri));
    }

    /** Every fetchable segment: listed and retained. */
    Map<Long, HlsSegment> fetchable() {
        Map<Long, HlsSegment> map = new HashMap<>();
        retired.forEach(r -> map.put(r.segment().sequence(), r.segment()));
        listed.forEach(e -> map.put(e.segment().sequence(), e.segment()));
        return Map.copyOf(map);
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
