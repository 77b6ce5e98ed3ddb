package io.onair.bench.flv;

/**
 * One FLV tag as it goes on the wire in an RTMP message: the tag type is the RTMP message type (8 audio, 9 video,
 * 18 script data) and the body is the message payload unchanged.
 */
public record FlvTag(int type, long timestampMs, byte[] body) {
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;

    /** An H.264 keyframe carrying picture data (frame type 1, AVC packet type 1), not the sequence header. */
    public boolean isVideoKeyframe() {
        return type == VIDEO && body.length > 1 && (body[0] & 0xf0) == 0x10 && (body[0] & 0x0f) == 7 && body[1] == 1;
    }
}
