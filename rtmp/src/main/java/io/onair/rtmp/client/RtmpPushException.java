package io.onair.rtmp.client;

import java.io.IOException;

/**
 * Why a push failed or ended: the server refused it (its onStatus/_error code and description are in the message),
 * the connection could not be made or was lost, the server broke the protocol, or it did not answer in time. The
 * message is written for a streamer to read and never contains the stream key.
 */
public final class RtmpPushException extends IOException {
    private static final long serialVersionUID = 1L;

    public RtmpPushException(String message) {
        super(message);
    }

    public RtmpPushException(String message, Throwable cause) {
        super(message, cause);
    }
}
