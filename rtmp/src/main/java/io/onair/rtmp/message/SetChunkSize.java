package io.onair.rtmp.message;

/** Set Chunk Size (type 1): the sender's chunks carry up to {@code size} payload bytes from now on. */
public record SetChunkSize(int size) implements RtmpMessage {
}
