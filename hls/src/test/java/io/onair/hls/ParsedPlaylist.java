package io.onair.hls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small media playlist parser for tests: reads what {@link MediaPlaylist} writes, and checks the RFC 8216 rules
 * a player relies on while reading (every line known, EXTINF rounded not above the target, URIs in sequence).
 */
record ParsedPlaylist(int version, int targetDuration, long mediaSequence, long discontinuitySequence,
        boolean independent, List<Entry> entries, boolean ended, Optional<String> playlistType) {

    /** @param gap listed with {@code EXT-X-GAP}; {@code init} the {@code EXT-X-MAP} in effect, if any */
    record Entry(String uri, double duration, boolean discontinuity, Instant programDateTime, boolean gap,
            Optional<String> init) {
    }

    static ParsedPlaylist parse(String text) {
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals("#EXTM3U") || !text.endsWith("\n")) {
            throw new AssertionError("not a playlist: " + text);
        }
        int version = 1;
        int target = -1;
        long mediaSequence = 0;
        long discontinuitySequence = 0;
        boolean independent = false;
        boolean ended = false;
        Optional<String> type = Optional.empty();
        Optional<String> map = Optional.empty();
        boolean gap = false;
        List<Entry> entries = new ArrayList<>();
        boolean disc = false;
        Instant pdt = null;
        double duration = -1;
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            String value = line.contains(":") ? line.substring(line.indexOf(':') + 1) : "";
            if (ended) {
                throw new AssertionError("line after EXT-X-ENDLIST: " + line);
            }
            if (line.startsWith("#EXT-X-VERSION:")) {
                version = Integer.parseInt(value);
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(value);
            } else if (line.startsWith("#EXT-X-PLAYLIST-TYPE:")) {
                if (!entries.isEmpty() || !value.matches("EVENT|VOD")) {
                    throw new AssertionError("misplaced or unknown " + line);
                }
                type = Optional.of(value);
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                mediaSequence = Long.parseLong(value);
            } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
                discontinuitySequence = Long.parseLong(value);
            } else if (line.equals("#EXT-X-INDEPENDENT-SEGMENTS")) {
                independent = true;
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                disc = true;
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                pdt = Instant.parse(value);
            } else if (line.startsWith("#EXTINF:")) {
                if (!value.endsWith(",")) {
                    throw new AssertionError("EXTINF without comma: " + line);
                }
                duration = Double.parseDouble(value.substring(0, value.length() - 1));
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (line.startsWith("#EXT-X-MAP:URI=\"init-") && line.endsWith(".mp4\"")) {
                if (version < 6) {
                    throw new AssertionError("EXT-X-MAP needs version 6 (RFC 8216 §7), playlist has " + version);
                }
                map = Optional.of(line.substring(line.indexOf('"') + 1, line.length() - 1));
            } else if (line.equals("#EXT-X-GAP")) {
                pdt = null; // a gap has no date of its own
                gap = true;
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                if (duration < 0) {
                    throw new AssertionError("URI without EXTINF: " + line);
                }
                if (Math.round(duration) > target) {
                    throw new AssertionError("EXTINF " + duration + " rounds above the target " + target);
                }
                String expected = String.valueOf(mediaSequence + entries.size());
                if (!line.equals(expected + ".ts") && !line.equals(expected + ".m4s")) {
                    throw new AssertionError("URI " + line + " out of sequence");
                }
                entries.add(new Entry(line, duration, disc, pdt, gap, map));
                disc = false;
                gap = false;
                pdt = null;
                duration = -1;
            } else {
                throw new AssertionError("unknown line: " + line);
            }
        }
        if (version < 3 || target < 1) {
            throw new AssertionError("version " + version + " target " + target);
        }
        return new ParsedPlaylist(version, target, mediaSequence, discontinuitySequence, independent,
                List.copyOf(entries), ended, type);
    }

    double totalDuration() {
        return entries.stream().mapToDouble(Entry::duration).sum();
    }
}
