package io.onair.rtmp.handshake;

/** User event fired once the handshake is done and its handler has left the pipeline. */
public enum HandshakeCompleted {
    INSTANCE
}
