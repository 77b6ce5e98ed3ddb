package io.onair.hls;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
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
 */
record MediaPlaylist(int version, int targetDuration, long mediaSequence, long discontinuitySequence,
        List<HlsSegment> segments, String extension, boolean ended) {

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

    String render() {
        StringBuilder b = new StringBuilder(128 + 96 * segments.size());
        b.append("#EXTM3U\n");
        b.append("#EXT-X-VERSION:").append(version).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        // Every segment starts with a keyframe and its PAT/PMT (TS) or follows its init segment (fMP4) (§4.3.5.1).
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        OptionalLong map = OptionalLong.empty();
        for (HlsSegment s : segments) {
            if (s.discontinuity()) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            // EXT-X-MAP applies to every segment after it until the next one (§4.3.2.5): written when it changes.
            if (s.init().isPresent() && !s.init().equals(map)) {
                map = s.init();
                b.append("#EXT-X-MAP:URI=\"init-").append(map.getAsLong()).append(".mp4\"\n");
            }
            if (s.gap()) {
                b.append("#EXT-X-GAP\n"); // RFC 8216bis §4.4.4.7: listed for the numbering, never fetched
            } else {
                b.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(s.programDateTime())).append('\n');
            }
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", s.durationSeconds())).append(",\n");
            b.append(s.sequence()).append('.').append(extension).append('\n');
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }
}
