package io.onair.bench;

import java.util.ArrayList;
import java.util.List;

/** The parts of an HLS media playlist the harness reads: sequence numbers, durations and URIs of the segments. */
record MediaPlaylist(long mediaSequence, List<Segment> segments, boolean ended) {

    record Segment(long sequence, double duration, String uri) {
    }

    static MediaPlaylist parse(String text) {
        long msn = 0;
        double pending = -1;
        boolean ended = false;
        List<Segment> segments = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                msn = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()).strip());
            } else if (line.startsWith("#EXTINF:")) {
                String d = line.substring("#EXTINF:".length());
                int comma = d.indexOf(',');
                pending = Double.parseDouble(comma >= 0 ? d.substring(0, comma) : d);
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (!line.isEmpty() && !line.startsWith("#") && pending >= 0) {
                segments.add(new Segment(msn + segments.size(), pending, line));
                pending = -1;
            }
        }
        return new MediaPlaylist(msn, List.copyOf(segments), ended);
    }

    /** A master playlist's first variant URI, or empty when {@code text} is a media playlist. */
    static java.util.Optional<String> firstVariant(String text) {
        boolean next = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                next = true;
            } else if (next && !line.isEmpty() && !line.startsWith("#")) {
                return java.util.Optional.of(line);
            }
        }
        return java.util.Optional.empty();
    }
}
