package io.onair.hls;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A complete segment's bytes, and its entity tag.
 *
 * <p>A segment completed from its LL-HLS parts is a short header ({@code styp}) followed by those parts' bytes
 * (RFC 8216bis §4.4.4.9: the parts of a segment concatenated are the segment). Those bytes exist already, in the
 * parts; copying them into one array (~600 KB at 2.5 Mbit/s and 2 s) and hashing that array for the ETag took
 * 0.3-0.4 ms of a fresh server's path from the closing keyframe to the listing (docs/benchmarks.md §1, "The
 * wake-up floor, and where the listing's time went"). So the listing takes only the parts, and the one array is
 * made when the bytes are first asked for (a viewer's request, the recorder's writer, both after the listing), then
 * kept; the ETag is a hash of the header and the parts' own ETags (each a CRC-32C of its part), which changes
 * whenever any byte does.
 *
 * <p>Thread-safe: readers racing on the first {@link #get()} may each assemble the array, which is harmless (the
 * same bytes from immutable inputs); one of them is kept.
 */
public final class SegmentBytes {
    private final byte[] head;
    private final List<HlsPart> parts;
    private final int length;
    private volatile byte[] bytes;

    private SegmentBytes(byte[] head, List<HlsPart> parts, int length, byte[] bytes) {
        this.head = head;
        this.parts = parts;
        this.length = length;
        this.bytes = bytes;
    }

    /** Bytes that are already one array (callers must not modify them). */
    public static SegmentBytes of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new SegmentBytes(bytes, List.of(), bytes.length, bytes);
    }

    /** {@code head} followed by the bytes of {@code parts}, in order, assembled when first asked for. */
    static SegmentBytes ofParts(byte[] head, List<HlsPart> parts) {
        Objects.requireNonNull(head, "head");
        List<HlsPart> copy = List.copyOf(parts);
        long length = head.length;
        for (HlsPart p : copy) {
            length += p.data().length;
        }
        return new SegmentBytes(head, copy, Math.toIntExact(length), null);
    }

    /** The number of bytes, without assembling them. */
    public int length() {
        return length;
    }

    /** The bytes (callers must not modify them); assembled on the first call for a segment made of parts. */
    public byte[] get() {
        byte[] b = bytes;
        if (b == null) {
            b = new byte[length];
            System.arraycopy(head, 0, b, 0, head.length);
            int at = head.length;
            for (HlsPart p : parts) {
                System.arraycopy(p.data(), 0, b, at, p.data().length);
                at += p.data().length;
            }
            bytes = b;
        }
        return b;
    }

    /**
     * A strong entity tag for HTTP, without quotes: {@code name} and a CRC-32C of the bytes, or for a segment made of
     * parts, of its header and its parts' ETags (which are CRC-32Cs of their bytes): no pass over the segment.
     */
    String etag(Object name) {
        if (parts.isEmpty()) {
            return etag(name, get());
        }
        CRC32C crc = new CRC32C();
        crc.update(head);
        for (HlsPart p : parts) {
            crc.update(p.etag().getBytes(StandardCharsets.US_ASCII));
        }
        return tag(name, crc);
    }

    /** A strong entity tag for {@code data} (a part's, an init segment's): {@code name} and a CRC-32C of it. */
    static String etag(Object name, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return tag(name, crc);
    }

    private static String tag(Object name, CRC32C crc) {
        return name + "-" + HexFormat.of().toHexDigits((int) crc.getValue());
    }

    @Override
    public String toString() {
        return length + " B" + (parts.isEmpty() ? "" : " in " + parts.size() + " parts");
    }
}
