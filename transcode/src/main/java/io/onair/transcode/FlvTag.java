package io.onair.transcode;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tag of an FLV file (FLV spec v10.1 E.4.1).
 *
 * @param type      8 audio, 9 video, 18 script data
 * @param timestamp milliseconds, 32 bits (the 24-bit field plus TimestampExtended)
 * @param body      the tag body: for video, what {@link io.onair.media.flv.FlvVideoTag#parse} reads
 */
public record FlvTag(int type, long timestamp, byte[] body) {
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;

    public FlvTag {
        Objects.requireNonNull(body, "body");
        if (type != AUDIO && type != VIDEO && type != SCRIPT) {
            throw new IllegalArgumentException("FLV tag type " + type + " is not 8, 9 or 18");
        }
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("FLV timestamp " + timestamp + " does not fit 32 bits");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlvTag t && type == t.type && timestamp == t.timestamp && Arrays.equals(body, t.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, timestamp, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "FlvTag[type=" + type + " ts=" + timestamp + " " + body.length + " B]";
    }
}
