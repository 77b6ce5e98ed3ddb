package io.onair.hls;

import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where one rendition's playlist ends, as of one snapshot: what a blocking playlist reload or a part request is
 * answered against (RFC 8216bis §6.2.5.2), and what {@code EXT-X-RENDITION-REPORT} says about it (§4.4.5.4).
 *
 * @param firstMsn       the first listed segment
 * @param lastMsn        the last complete (listed) segment
 * @param partCounts     parts of each listed segment (0 for gaps and segments made without parts)
 * @param openMsn        the segment in progress, when it has parts
 * @param openParts      its parts so far
 * @param ended          {@code EXT-X-ENDLIST}
 * @param targetDuration the playlist's {@code EXT-X-TARGETDURATION}
 */
record LiveEdge(long firstMsn, long lastMsn, Map<Long, Integer> partCounts, OptionalLong openMsn, int openParts,
        boolean ended, int targetDuration) {

    /** §4.4.5.4 LAST-MSN: the last segment, the one in progress when it has parts ("indicates the last Partial Segment"). */
    long reportMsn() {
        return openMsn.orElse(lastMsn);
    }

    /** §4.4.5.4 LAST-PART: the index of the last part of {@link #reportMsn()}, when it has parts. */
    OptionalInt reportPart() {
        if (openMsn.isPresent()) {
            return OptionalInt.of(openParts - 1);
        }
        int n = partCounts.getOrDefault(lastMsn, 0);
        return n > 0 ? OptionalInt.of(n - 1) : OptionalInt.empty();
    }

    /** Parts of segment {@code msn} published so far (the segment in progress included); 0 when unknown. */
    int parts(long msn) {
        if (openMsn.isPresent() && openMsn.getAsLong() == msn) {
            return openParts;
        }
        return partCounts.getOrDefault(msn, 0);
    }

    /** True when segment {@code msn} is complete (listed, or left the playlist already). */
    boolean complete(long msn) {
        return msn <= lastMsn;
    }
}
