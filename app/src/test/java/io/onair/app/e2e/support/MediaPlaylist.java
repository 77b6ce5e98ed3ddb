package io.onair.app.e2e.support;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed HLS media playlist (RFC 8216 §4.3.3/§4.3.2): the tags the tests assert on, and each segment with its
 * sequence number (media sequence + position), duration, URI and whether a discontinuity precedes it.
 */
public record MediaPlaylist(
        long targetDuration,
        long mediaSequence,
        long discontinuitySequence,
        List<Segment> segments,
        boolean endList,
        String text) {

    /** @param map the {@code EXT-X-MAP} URI in force (fMP4 init segment), empty for MPEG-TS */
    public record Segment(long sequence, double duration, String uri, boolean discontinuity,
            Optional<OffsetDateTime> programDateTime, Optional<String> map) {
    }

    public static MediaPlaylist parse(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.getFirst().equals("#EXTM3U")) {
            throw new IllegalArgumentException("not a playlist (no #EXTM3U first):\n" + text);
        }
        long targetDuration = -1;
        long mediaSequence = 0;
        long discontinuitySequence = 0;
        boolean endList = false;
        List<Segment> segments = new ArrayList<>();
        double duration = -1;
        boolean discontinuity = false;
        Optional<OffsetDateTime> programDateTime = Optional.empty();
        Optional<String> map = Optional.empty();
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                targetDuration = Long.parseLong(value(line));
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                mediaSequence = Long.parseLong(value(line));
            } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
                discontinuitySequence = Long.parseLong(value(line));
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                programDateTime = Optional.of(OffsetDateTime.parse(value(line)));
            } else if (line.startsWith("#EXT-X-MAP:")) {
                map = Optional.ofNullable(MasterPlaylist.attributes(value(line)).get("URI"));
            } else if (line.startsWith("#EXTINF:")) {
                String v = value(line);
                int comma = v.indexOf(',');
                duration = Double.parseDouble(comma < 0 ? v : v.substring(0, comma));
            } else if (line.equals("#EXT-X-ENDLIST")) {
                endList = true;
            } else if (!line.startsWith("#")) {
                if (duration < 0) {
                    throw new IllegalArgumentException("segment " + line + " without #EXTINF:\n" + text);
                }
                segments.add(new Segment(mediaSequence + segments.size(), duration, line, discontinuity,
                        programDateTime, map));
                duration = -1;
                discontinuity = false;
                programDateTime = Optional.empty();
            }
        }
        if (targetDuration < 0) {
            throw new IllegalArgumentException("no #EXT-X-TARGETDURATION:\n" + text);
        }
        return new MediaPlaylist(targetDuration, mediaSequence, discontinuitySequence, List.copyOf(segments), endList,
                text);
    }

    public boolean hasDiscontinuity() {
        return segments.stream().anyMatch(Segment::discontinuity);
    }

    /** Sequence number of the last listed segment, or mediaSequence - 1 when none is listed. */
    public long lastSequence() {
        return mediaSequence + segments.size() - 1;
    }

    /**
     * RFC 8216 §4.3.3.1: "The EXTINF duration of each Media Segment in the Playlist file, when rounded to the
     * nearest integer, MUST be less than or equal to the target duration". The segments that break it.
     */
    public List<Segment> segmentsLongerThanTarget() {
        return segments.stream().filter(s -> Math.round(s.duration()) > targetDuration).toList();
    }

    public double totalDuration() {
        return segments.stream().mapToDouble(Segment::duration).sum();
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1);
    }
}
