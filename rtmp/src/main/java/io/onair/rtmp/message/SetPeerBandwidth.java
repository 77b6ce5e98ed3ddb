package io.onair.rtmp.message;

/**
 * Set Peer Bandwidth (type 6): limit the output bandwidth to {@code size}.
 *
 * @param limitType 0 hard, 1 soft, 2 dynamic (RTMP spec 5.4.5)
 */
public record SetPeerBandwidth(long size, int limitType) implements RtmpMessage {
    public static final int DYNAMIC = 2;
}
