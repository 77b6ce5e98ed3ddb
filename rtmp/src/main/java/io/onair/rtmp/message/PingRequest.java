package io.onair.rtmp.message;

/** User control PingRequest (event 6): answer with a {@link PingResponse} carrying the same timestamp. */
public record PingRequest(long pingTimestamp) implements UserControlMessage {
    @Override
    public int eventType() {
        return PING_REQUEST;
    }
}
