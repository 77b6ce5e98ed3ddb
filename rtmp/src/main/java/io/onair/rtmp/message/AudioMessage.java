package io.onair.rtmp.message;

import java.util.Arrays;

/** Audio Message (type 8): an FLV audio tag body. */
public record AudioMessage(int streamId, long timestamp, byte[] body) implements RtmpMessage {
    @Override
    public boolean equals(Object o) {
        return o instanceof AudioMessage m && streamId == m.streamId && timestamp == m.timestamp
                && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "AudioMessage[stream=" + streamId + " ts=" + timestamp + " " + body.length + " B]";
    }
}
