package io.onair.rtmp.message;

import java.util.List;

/** Data Message (type 18, AMF0; type 15 read as AMF0 behind its format byte): {@code @setDataFrame}, {@code onMetaData}. */
public record DataMessage(int streamId, long timestamp, List<Object> values) implements RtmpMessage {
    public DataMessage {
        values = List.copyOf(values);
    }
}
