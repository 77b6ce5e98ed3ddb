package io.onair.rtmp.message;

import java.util.Arrays;

/** Any other user control event (StreamDry, StreamIsRecorded, Flash's SWF verification…): recognised, ignored. */
public record OtherUserControl(int eventType, byte[] data) implements UserControlMessage {
    @Override
    public boolean equals(Object o) {
        return o instanceof OtherUserControl u && eventType == u.eventType && Arrays.equals(data, u.data);
    }

    @Override
    public int hashCode() {
        return 31 * eventType + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "OtherUserControl[event=" + eventType + " " + data.length + " B]";
    }
}
