package io.onair.rtmp.message;

/** User control PingResponse (event 7). */
public record PingResponse(long pingTimestamp) implements UserControlMessage {
    @Override
    public int eventType() {
        return PING_RESPONSE;
    }
}
