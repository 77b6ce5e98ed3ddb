package io.onair.rtmp.message;

import java.util.Arrays;

/** Video Message (type 9): an FLV video tag body. */
public record VideoMessage(int streamId, long timestamp, byte[] body) implements RtmpMessage {
    @Override
    public boolean equals(Object o) {
        return o instanceof VideoMessage m && streamId == m.streamId && timestamp == m.timestamp
                && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "VideoMessage[stream=" + streamId + " ts=" + timestamp + " " + body.length + " B]";
    }
}
