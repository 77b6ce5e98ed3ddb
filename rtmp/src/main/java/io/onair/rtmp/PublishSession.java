package io.onair.rtmp;

/** The RTMP connection behind a publish, as seen by the {@link IngestHandler}. */
public interface PublishSession {
    /** A short unique id for logs. */
    String id();

    /**
     * Ends the session from the server side (stream key rotated away, taken over by a reconnect, shut down):
     * sends an {@code onStatus} with {@code description} where possible, then closes the connection. Thread-safe.
     */
    void close(String description);
}
