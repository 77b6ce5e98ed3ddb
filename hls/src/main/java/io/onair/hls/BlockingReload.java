package io.onair.hls;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The rules of RFC 8216bis §6.2.5.2 (Blocking Playlist Reload) and §6.2.6 (requests for hinted parts), as pure
 * decisions against one snapshot's {@link LiveEdge}; {@link HlsChannel} waits and asks again when a part is
 * published (gohlslib's {@code muxer_stream.go} does the same under a condition variable).
 */
final class BlockingReload {
    enum Verdict { READY, WAIT, BAD_REQUEST, NOT_FOUND }

    private BlockingReload() {
    }

    /**
     * §6.2.5.2: "If the _HLS_msn is greater than the Media Sequence Number of the last Media Segment in the current
     * Playlist plus two, or if the _HLS_part exceeds the last Partial Segment in the current Playlist by the Advance
     * Part Limit, then the server SHOULD immediately return Bad Request, such as HTTP 400." The Advance Part Limit
     * "is three divided by the Part Target Duration if the Part Target Duration is less than one second, or three
     * otherwise" (three target durations' worth of parts: what can arrive while a request may be held).
     */
    static int advancePartLimit(double partTarget) {
        return partTarget < 1 ? (int) Math.floor(3 / partTarget) : 3;
    }

    /** A playlist request with {@code _HLS_msn} / {@code _HLS_part}: answer now, wait, or refuse. */
    static Verdict playlist(LiveEdge edge, OptionalLong msn, OptionalInt part, double partTarget) {
        if (part.isPresent() && msn.isEmpty()) {
            // "If the Playlist URI contains an _HLS_part directive but no _HLS_msn directive, the Server MUST
            // return Bad Request, such as HTTP 400."
            return Verdict.BAD_REQUEST;
        }
        if (msn.isEmpty() || edge.ended()) {
            // "A Server MUST ignore _HLS_msn and _HLS_part if the Playlist contains an EXT-X-ENDLIST tag."
            return Verdict.READY;
        }
        long m = msn.getAsLong();
        if (m > edge.lastMsn() + 2 || beyondAdvancePartLimit(edge, m, part.orElse(0), partTarget)) {
            return Verdict.BAD_REQUEST;
        }
        if (part.isEmpty()) {
            // "... defer responding to the request until the Playlist contains a Media Segment with a Media
            // Sequence Number of M or later"
            return edge.complete(m) ? Verdict.READY : Verdict.WAIT;
        }
        return partExists(edge, m, part.getAsInt()) ? Verdict.READY : Verdict.WAIT;
    }

    /**
     * "... until the Playlist contains the Partial Segment with Part Index N and with a Media Sequence Number of M
     * or later". "If the Client requests a Part Index greater than that of the final Partial Segment of the Parent
     * Segment, the Server MUST treat the request as one for Part Index 0 of the following Parent Segment." A
     * segment that left the playlist counts as there: "The Server MUST deliver the entire Playlist, even if the
     * requested Media Segment is not the last one in the Playlist, and even if it is no longer in the Playlist."
     */
    static boolean partExists(LiveEdge edge, long msn, int index) {
        long m = msn;
        int n = index;
        while (edge.complete(m) && m >= edge.firstMsn() && n >= edge.parts(m)) {
            m++;
            n = 0;
        }
        if (edge.complete(m)) {
            return true;
        }
        return edge.openMsn().isPresent() && edge.openMsn().getAsLong() == m && n < edge.openParts();
    }

    /**
     * A part request that found no part: wait for it when it is the hinted one or close to it (§6.2.6: the hinted
     * resource "MUST be available for request when its EXT-X-PRELOAD-HINT tag is added"), else 404 ("The server
     * SHOULD respond with 'Not Found' ... to a request for a resource that it cannot find and that is not
     * specified by an EXT-X-PRELOAD-HINT tag"): a part of a complete segment past its last part, of a segment
     * gone, or too far ahead.
     */
    static Verdict missingPart(LiveEdge edge, long msn, int index, double partTarget) {
        if (edge.ended() || edge.complete(msn) || msn > edge.lastMsn() + 2
                || beyondAdvancePartLimit(edge, msn, index, partTarget)) {
            return Verdict.NOT_FOUND;
        }
        return Verdict.WAIT;
    }

    /** How far part {@code index} of {@code msn} lies past the last published part, in parts, over the limit. */
    private static boolean beyondAdvancePartLimit(LiveEdge edge, long msn, int index, double partTarget) {
        long lastMsn = edge.reportMsn();
        int lastPart = edge.reportPart().orElse(-1);
        if (msn < lastMsn) {
            return false;
        }
        long ahead;
        if (msn == lastMsn) {
            ahead = index - lastPart;
        } else {
            // Parts still to come in the segment in progress are unknown: count whole segments after it.
            long perSegment = (long) Math.ceil(edge.targetDuration() / partTarget);
            ahead = (msn - lastMsn - 1) * perSegment + index + 1;
        }
        return ahead > advancePartLimit(partTarget);
    }
}
