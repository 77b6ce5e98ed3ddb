package io.onair.rtmp.message;

/** User control SetBufferLength (event 3): the client buffers {@code millis} of {@code stream}. */
public record SetBufferLength(int stream, long millis) implements UserControlMessage {
    @Override
    public int eventType() {
        return SET_BUFFER_LENGTH;
    }
}
