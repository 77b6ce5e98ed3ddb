package io.onair.rtmp.client;

/**
 * The chunk stream ids the push client sends on. Any id from 2 up is valid (RTMP spec 5.3.1.1); these follow
 * ffmpeg's rtmppkt.h (network 2, system 3, audio 4, video 6), with data on 5 between them, so a server's
 * per-chunk-stream header state never mixes audio and video.
 */
final class PushChunkStreams {
    /** Protocol control and user control messages must use chunk stream 2 (RTMP spec 5.4, 6.2). */
    static final int CONTROL = 2;
    /** Every command, on the NetConnection (stream 0) and on the NetStream (publish). */
    static final int COMMAND = 3;
    static final int AUDIO = 4;
    /** {@code @setDataFrame onMetaData}. */
    static final int DATA = 5;
    static final int VIDEO = 6;

    private PushChunkStreams() {
    }
}
