package io.onair.rtmp.message;

/**
 * One RTMP message, decoded. A sealed family with one record per message type; {@link MessageCodec} maps type ids
 * to records and back in one switch each way.
 */
public sealed interface RtmpMessage permits SetChunkSize, AbortMessage, Acknowledgement, UserControlMessage,
        WindowAckSize, SetPeerBandwidth, CommandMessage, DataMessage, AudioMessage, VideoMessage, IgnoredMessage {

    /** The message stream id: 0 for protocol control and NetConnection traffic. */
    default int streamId() {
        return 0;
    }

    /** Milliseconds, unsigned 32-bit; 0 for what carries no time. */
    default long timestamp() {
        return 0;
    }
}
