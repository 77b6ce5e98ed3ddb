package io.onair.rtmp;

/**
 * Bytes that break the RTMP protocol (handshake, chunk stream, AMF0, message layout) or exceed a limit of
 * {@link RtmpLimits}. Unchecked; it ends the one connection that sent them, never the server.
 */
public class RtmpProtocolException extends RuntimeException {
    public RtmpProtocolException(String message) {
        super(message);
    }

    public RtmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
