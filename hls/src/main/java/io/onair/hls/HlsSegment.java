package io.onair.hls;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A complete, immutable media segment as served at {@code {rendition}/{sequence}.{m4s|ts}}, or a gap: a sequence
 * number this rendition has no media for (listed with {@code EXT-X-GAP}, RFC 8216bis §4.4.4.7; never served).
 *
 * @param sequence        its media sequence number (RFC 8216 §3): the same instant in every rendition, unique per
 *                        channel for the life of the server, so a URI never names other bytes and may be cached as
 *                        immutable
 * @param bytes           the segment bytes ({@link #data()}); empty for a gap
 * @param durationSeconds its {@code EXTINF} duration
 * @param discontinuity   preceded by {@code EXT-X-DISCONTINUITY} (RFC 8216 §4.3.2.3)
 * @param programDateTime its {@code EXT-X-PROGRAM-DATE-TIME}: the ingest wall clock of its first frame
 * @param etag            a strong entity tag for HTTP, without quotes
 * @param init            the number of its init segment ({@code init-{n}.mp4}) when the format has one
 * @param start           90 kHz: its start on the media timeline (video: keyframe PTS; audio: first DTS), for DASH
 * @param durationTicks   90 kHz duration, for DASH
 * @param gap             no media: listed with {@code EXT-X-GAP}
 */
public record HlsSegment(long sequence, SegmentBytes bytes, double durationSeconds, boolean discontinuity,
        Instant programDateTime, String etag, OptionalLong init, long start, long durationTicks, boolean gap) {
    public HlsSegment {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(programDateTime, "programDateTime");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(init, "init");
    }

    /** A segment whose bytes are one array already (never modified; callers must not modify them either). */
    public HlsSegment(long sequence, byte[] data, double durationSeconds, boolean discontinuity,
            Instant programDateTime, String etag, OptionalLong init, long start, long durationTicks, boolean gap) {
        this(sequence, SegmentBytes.of(data), durationSeconds, discontinuity, programDateTime, etag, init, start,
                durationTicks, gap);
    }

    /** The segment bytes (callers must not modify them): see {@link SegmentBytes#get()}. */
    public byte[] data() {
        return bytes.get();
    }

    @Override
    public String toString() {
        return "HlsSegment[" + sequence + " " + durationSeconds + " s " + bytes.length() + " B"
                + (discontinuity ? " discontinuity" : "") + (gap ? " gap" : "") + "]";
    }
}
