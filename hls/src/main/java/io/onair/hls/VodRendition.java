package io.onair.hls;

import java.util.List;
import java.util.Objects;

/**
 * A recorded rendition: its segments in sequence order, with holes where it has none (it started late, missed a
 * boundary, or the recorder lost one).
 *
 * @param name      as live: {@code source}, {@code 720p}, {@code audio}; the directory of its URIs
 * @param extension {@code m4s} (fMP4) or {@code ts}
 * @param segments  strictly increasing sequence numbers
 */
public record VodRendition(String name, VodTrack track, String extension, List<VodSegment> segments) {
    public VodRendition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(track, "track");
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("rendition name \"" + name + "\"");
        }
        if (!extension.equals("m4s") && !extension.equals("ts")) {
            throw new IllegalArgumentException(name + ": extension \"" + extension + "\", not m4s or ts");
        }
        segments = List.copyOf(segments);
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i).sequence() <= segments.get(i - 1).sequence()) {
                throw new IllegalArgumentException(name + ": segment " + segments.get(i).sequence() + " after "
                        + segments.get(i - 1).sequence());
            }
        }
    }

    /** fMP4: init segments, DASH, version 6. */
    public boolean fmp4() {
        return extension.equals("m4s");
    }

    /** HLS {@code BANDWIDTH}: its largest segment bit rate, bit/s (RFC 8216 §4.3.4.2); 0 without segments. */
    public long peakBandwidth() {
        return segments.stream().mapToLong(VodSegment::bitRate).max().orElse(0);
    }

    /** HLS {@code AVERAGE-BANDWIDTH}: bit/s over all its segments, rounded up; 0 without segments. */
    public long averageBandwidth() {
        long bytes = segments.stream().mapToLong(VodSegment::bytes).sum();
        long ticks = segments.stream().mapToLong(VodSegment::durationTicks).sum();
        return segments.isEmpty() ? 0 : Math.ceilDiv(bytes * 8 * 90_000, ticks);
    }
}
