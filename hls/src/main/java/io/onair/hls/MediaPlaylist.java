package io.onair.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A media playlist as served (RFC 8216 §4.3.3), rendered in one place. Immutable.
 *
 * @param version               {@code EXT-X-VERSION}: {@link #VERSION_TS} or {@link #VERSION_FMP4}
 * @param targetDuration        {@code EXT-X-TARGETDURATION}, fixed for the life of the playlist (§4.3.3.1)
 * @param mediaSequence         {@code EXT-X-MEDIA-SEQUENCE}: the first listed segment's sequence number (§4.3.3.2)
 * @param discontinuitySequence {@code EXT-X-DISCONTINUITY-SEQUENCE}: discontinuities that left the window (§4.3.3.3)
 * @param segments              the live window, oldest first
 * @param ended                 {@code EXT-X-ENDLIST}: no segment will be added (§4.3.3.4)
 * @param playlistType          {@code EXT-X-PLAYLIST-TYPE} (§4.3.3.5): recordings only; a live window has none
 */
record MediaPlaylist(int version, int targetDuration, long mediaSequence, long discontinuitySequence,
        List<HlsSegment> segments, String extension, boolean ended, Optional<LowLatency> lowLatency,
        Optional<PlaylistType> playlistType) {

    /**
     * {@code EXT-X-PLAYLIST-TYPE} (RFC 8216 §4.3.3.5): {@code EVENT}, segments are only appended; {@code VOD}, the
     * playlist never changes.
     */
    enum PlaylistType {
        EVENT, VOD
    }

    /**
     * The LL-HLS part of a playlist (RFC 8216bis §4.4.3.7, §4.4.3.8, §4.4.4.9, §4.4.5.3, §4.4.5.4).
     *
     * @param partTarget seconds: {@code PART-TARGET}; {@code PART-HOLD-BACK} is three times it and
     *                   {@code CAN-SKIP-UNTIL} six target durations, both fixed with it for the life of the stream
     * @param parts      the parts of each listed segment, index for index with {@code segments}
     * @param open       the segment in progress, listed by its parts only
     * @param reports    the other renditions' live edges ({@code EXT-X-RENDITION-REPORT})
     */
    record LowLatency(double partTarget, List<List<HlsPart>> parts, Optional<LiveWindow.OpenSegment> open,
            List<RenditionReport> reports) {
        LowLatency {
            parts = List.copyOf(parts);
            reports = List.copyOf(reports);
        }
    }

    /** {@code EXT-X-RENDITION-REPORT}: another rendition's last segment and part (§4.4.5.4). */
    record RenditionReport(String rendition, long lastMsn, OptionalInt lastPart) {
    }

    /** RFC 8216bis §8: "A Playlist MUST indicate an EXT-X-VERSION of 9 or higher if it contains: The EXT-X-SKIP tag." */
    static final int VERSION_SKIP = 9;

    /**
     * Version 3 for MPEG-TS: decimal {@code EXTINF} durations need it (§7); nothing else used there needs more
     * ({@code EXT-X-INDEPENDENT-SEGMENTS}, {@code EXT-X-PROGRAM-DATE-TIME}, {@code EXT-X-DISCONTINUITY-SEQUENCE} and
     * {@code EXT-X-GAP} have no version requirement).
     */
    static final int VERSION_TS = 3;
    /** Version 6 for fMP4: {@code EXT-X-MAP} in a playlist without {@code EXT-X-I-FRAMES-ONLY} needs it (§7). */
    static final int VERSION_FMP4 = 6;

    /** RFC 3339 with milliseconds and {@code Z}, as §4.3.2.6 requires (ISO 8601 with time zone). */
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    MediaPlaylist {
        segments = List.copyOf(segments);
    }

    MediaPlaylist(int version, int targetDuration, long mediaSequence, long discontinuitySequence,
            List<HlsSegment> segments, String extension, boolean ended, Optional<LowLatency> lowLatency) {
        this(version, targetDuration, mediaSequence, discontinuitySequence, segments, extension, ended, lowLatency,
                Optional.empty());
    }

    MediaPlaylist(int version, int targetDuration, long mediaSequence, long discontinuitySequence,
            List<HlsSegment> segments, String extension, boolean ended) {
        this(version, targetDuration, mediaSequence, discontinuitySequence, segments, extension, ended,
                Optional.empty());
    }

    String render() {
        return render(false);
    }

    /**
     * @param delta a Playlist Delta Update ({@code _HLS_skip=YES|v2}, §6.2.5.1): segments further from the end of
     *              the last segment than the Skip Boundary ({@code CAN-SKIP-UNTIL}) are replaced by
     *              {@code EXT-X-SKIP}. Ignored without LL-HLS and once ended ("A Server MUST ignore the _HLS_skip
     *              directive if the Playlist does not contain the CAN-SKIP-UNTIL attribute, or if it contains an
     *              EXT-X-ENDLIST tag").
     */
    String render(boolean delta) {
        int skipped = delta && lowLatency.isPresent() && !ended ? skippable() : 0;
        StringBuilder b = new StringBuilder(256 + 160 * segments.size());
        b.append("#EXTM3U\n");
        b.append("#EXT-X-VERSION:").append(skipped > 0 ? Math.max(version, VERSION_SKIP) : version).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        playlistType.ifPresent(t -> b.append("#EXT-X-PLAYLIST-TYPE:").append(t.name()).append('\n'));
        lowLatency.ifPresent(ll -> {
            // §4.4.3.8: PART-HOLD-BACK "MUST be at least three times the Part Target Duration", CAN-SKIP-UNTIL "MUST
            // be at least six times the Target Duration". Both derive from values fixed for the life of the
            // playlist: AVPlayer fails for good when they change between reloads (mediamtx #6237).
            b.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=").append(decimal(skipBoundary()))
                    .append(",PART-HOLD-BACK=").append(decimal(3 * ll.partTarget())).append('\n');
            b.append("#EXT-X-PART-INF:PART-TARGET=").append(decimal(ll.partTarget())).append('\n');
        });
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        // Every segment starts with a keyframe and its PAT/PMT (TS) or follows its init segment (fMP4) (§4.3.5.1).
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (skipped > 0) {
            b.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
        }
        int partsFrom = lowLatency.map(ll -> firstWithParts()).orElse(segments.size());
        OptionalLong map = OptionalLong.empty();
        for (int i = skipped; i < segments.size(); i++) {
            HlsSegment s = segments.get(i);
            map = head(b, s.discontinuity(), s.init(), map, s.gap() ? null : s.programDateTime());
            if (s.gap()) {
                b.append("#EXT-X-GAP\n"); // RFC 8216bis §4.4.4.7: listed for the numbering, never fetched
            }
            if (i >= partsFrom) {
                lowLatency.get().parts().get(i).forEach(p -> part(b, p));
            }
            b.append("#EXTINF:").append(fixed3(s.durationSeconds())).append(",\n");
            b.append(s.sequence()).append('.').append(extension).append('\n');
        }
        if (lowLatency.isPresent() && !ended) {
            LowLatency ll = lowLatency.get();
            long next = segments.isEmpty() ? mediaSequence : segments.getLast().sequence() + 1;
            int nextPart = 0;
            if (ll.open().isPresent()) {
                LiveWindow.OpenSegment o = ll.open().get();
                head(b, o.discontinuity(), o.init(), map, o.programDateTime());
                o.parts().forEach(p -> part(b, p));
                next = o.sequence();
                nextPart = o.parts().size();
            }
            // §4.4.5.3; on every playlist: hls.js reloads in a loop without it. The hinted part is the next one of
            // the segment in progress (or the first of the next); a request for it blocks until it exists.
            b.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(HlsPart.uri(next, nextPart, extension))
                    .append("\"\n");
            for (RenditionReport r : ll.reports()) {
                b.append("#EXT-X-RENDITION-REPORT:URI=\"../").append(r.rendition()).append("/index.m3u8\",LAST-MSN=")
                        .append(r.lastMsn());
                r.lastPart().ifPresent(p -> b.append(",LAST-PART=").append(p));
                b.append('\n');
            }
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    /** The tags of a segment before its parts and URI; returns the {@code EXT-X-MAP} now in effect. */
    private static OptionalLong head(StringBuilder b, boolean discontinuity, OptionalLong init, OptionalLong map,
            Instant programDateTime) {
        if (discontinuity) {
            b.append("#EXT-X-DISCONTINUITY\n");
        }
        // EXT-X-MAP applies to every segment after it until the next one (§4.3.2.5): written when it changes (and
        // on the first segment after an EXT-X-SKIP, so a delta update names it too).
        if (init.isPresent() && !init.equals(map)) {
            b.append("#EXT-X-MAP:URI=\"init-").append(init.getAsLong()).append(".mp4\"\n");
            map = init;
        }
        if (programDateTime != null) {
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(programDateTime)).append('\n');
        }
        return map;
    }

    private void part(StringBuilder b, HlsPart p) {
        b.append("#EXT-X-PART:DURATION=").append(decimal(p.durationSeconds())).append(",URI=\"")
                .append(p.uri(extension)).append('"');
        if (p.independent()) {
            b.append(",INDEPENDENT=YES");
        }
        b.append('\n');
    }

    /** The Skip Boundary, seconds: six target durations, the least §4.4.3.8 allows. */
    double skipBoundary() {
        return 6.0 * targetDuration;
    }

    /**
     * How many leading segments a delta update skips: those whose end is further from the end of the last segment
     * than the Skip Boundary (§6.2.5.1).
     */
    int skippable() {
        double total = segments.stream().mapToDouble(HlsSegment::durationSeconds).sum();
        double end = 0;
        int n = 0;
        for (HlsSegment s : segments) {
            end += s.durationSeconds();
            if (total - end <= skipBoundary()) {
                break;
            }
            n++;
        }
        return n;
    }

    /**
     * The first segment whose parts are listed: §6.2.2, "EXT-X-PART tags SHOULD be removed from the Playlist after
     * they are greater than three Target Durations from the end of the Playlist". A segment keeps its parts while
     * its end is within three target durations of the end (the parts of the segment in progress included).
     */
    private int firstWithParts() {
        double fromEnd = lowLatency.flatMap(LowLatency::open)
                .map(o -> o.parts().stream().mapToDouble(HlsPart::durationSeconds).sum()).orElse(0.0);
        int i = segments.size();
        while (i > 0 && fromEnd < 3.0 * targetDuration) {
            i--;
            fromEnd += segments.get(i).durationSeconds();
        }
        return i;
    }

    /** A decimal-floating-point attribute value: up to milliseconds, no trailing zeros ({@code 0.5}, {@code 12}). */
    static String decimal(double seconds) {
        long ms = millis(seconds);
        if (ms < 0) {
            return java.math.BigDecimal.valueOf(seconds).setScale(3, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString();
        }
        long fraction = ms % 1000;
        if (fraction == 0) {
            return Long.toString(ms / 1000);
        }
        String digits = fixed3(ms);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    /** Seconds with exactly three decimals, as {@code String.format(Locale.ROOT, "%.3f", seconds)} writes them. */
    static String fixed3(double seconds) {
        long ms = millis(seconds);
        return ms < 0 ? String.format(Locale.ROOT, "%.3f", seconds) : fixed3(ms);
    }

    private static String fixed3(long ms) {
        long fraction = ms % 1000;
        return (ms / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    /**
     * Milliseconds, rounded half up from the shortest decimal that identifies the double ({@link Double#toString}),
     * which is what {@code %.3f} and {@code BigDecimal.valueOf} round; -1 when that text is not a plain
     * non-negative decimal (then the callers fall back to the slow formatters). Every playlist render formats a
     * duration per segment and per part, on the path from a segment's completion to its listing: Formatter and
     * BigDecimal cost microseconds each there.
     */
    static long millis(double seconds) {
        String text = Double.toString(seconds);
        int dot = text.indexOf('.');
        if (seconds < 0 || dot < 0 || text.indexOf('E') >= 0 || dot > 12) {
            return -1;
        }
        long ms = Long.parseLong(text, 0, dot, 10) * 1000;
        int scale = 100;
        for (int i = dot + 1; i < dot + 4; i++, scale /= 10) {
            ms += i < text.length() ? (text.charAt(i) - '0') * scale : 0;
        }
        if (dot + 4 < text.length() && text.charAt(dot + 4) >= '5') {
            ms++; // half up: the digits left out are at least half a millisecond
        }
        return ms;
    }
}
