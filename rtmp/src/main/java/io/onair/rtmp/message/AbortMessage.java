package io.onair.rtmp.message;

/** Abort Message (type 2): discard the partly received message on {@code chunkStreamId}. */
public record AbortMessage(int chunkStreamId) implements RtmpMessage {
}
