package io.onair.stream;

/** A {@link FrameReader} was used after it was closed. */
public final class StreamClosedException extends IllegalStateException {
    public StreamClosedException(String message) {
        super(message);
    }
}
