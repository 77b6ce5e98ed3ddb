package io.onair.rtmp.message;

/** User control StreamBegin (event 0): stream {@code stream} has become functional. */
public record StreamBegin(int stream) implements UserControlMessage {
    @Override
    public int eventType() {
        return STREAM_BEGIN;
    }
}
