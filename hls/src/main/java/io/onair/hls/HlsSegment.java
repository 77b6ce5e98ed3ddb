package io.onair.hls;

import java.time.Instant;
import java.util.Objects;

/**
 * A complete, immutable media segment as served at {@code {rendition}/{sequence}.ts}.
 *
 * @param sequence        its media sequence number (RFC 8216 §3): unique per channel for the life of the server, so
 *                        a URI never names other bytes and may be cached as immutable
 * @param data            the segment bytes; never modified (callers must not modify them either)
 * @param durationSeconds its {@code EXTINF} duration
 * @param discontinuity   preceded by {@code EXT-X-DISCONTINUITY} (RFC 8216 §4.3.2.3)
 * @param programDateTime its {@code EXT-X-PROGRAM-DATE-TIME}: the ingest wall clock of its first frame
 * @param etag            a strong entity tag for HTTP, without quotes
 */
public record HlsSegment(long sequence, byte[] data, double durationSeconds, boolean discontinuity,
        Instant programDateTime, String etag) {
    public HlsSegment {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(programDateTime, "programDateTime");
        Objects.requireNonNull(etag, "etag");
    }

    @Override
    public String toString() {
        return "HlsSegment[" + sequence + " " + durationSeconds + " s " + data.length + " B"
                + (discontinuity ? " discontinuity" : "") + "]";
    }
}
