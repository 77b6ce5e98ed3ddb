package io.onair.rtmp.message;

/** User control StreamEOF (event 1): playback of {@code stream} has ended. */
public record StreamEof(int stream) implements UserControlMessage {
    @Override
    public int eventType() {
        return STREAM_EOF;
    }
}
