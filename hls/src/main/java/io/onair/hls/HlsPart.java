package io.onair.hls;

import java.util.Objects;

/**
 * An LL-HLS partial segment (RFC 8216bis §4.4.4.9): one fMP4 fragment ({@code moof}/{@code mdat}) of the segment in
 * progress, served at {@code {rendition}/{sequence}.{index}.m4s} and listed with {@code EXT-X-PART} once its bytes
 * are complete (§6.2.1: a part must be available when it is added to the playlist). Immutable; the complete
 * segment is {@code styp} followed by its parts' bytes.
 *
 * @param sequence      the parent segment's media sequence number
 * @param index         the part index within the parent segment, from 0 (§6.2.5.2)
 * @param data          the fragment bytes (callers must not modify them)
 * @param durationTicks 90 kHz: from its first frame's DTS to the DTS after its last
 * @param independent   starts with a frame that decodes on its own ({@code INDEPENDENT=YES}): a keyframe, or any
 *                      audio frame
 * @param etag          a strong entity tag for HTTP, without quotes
 */
public record HlsPart(long sequence, int index, byte[] data, long durationTicks, boolean independent, String etag) {
    public HlsPart {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(etag, "etag");
    }

    public double durationSeconds() {
        return durationTicks / 90_000.0;
    }

    /** Its URI relative to the media playlist. */
    String uri(String extension) {
        return uri(sequence, index, extension);
    }

    static String uri(long sequence, int index, String extension) {
        return sequence + "." + index + "." + extension;
    }

    @Override
    public String toString() {
        return "HlsPart[" + sequence + "." + index + " " + durationSeconds() + " s " + data.length + " B"
                + (independent ? " independent" : "") + "]";
    }
}
