package io.onair.rtmp.message;

/** User Control Message (type 4, RTMP spec 6.2 / 7.1.7): a 2-byte event type and its data. */
public sealed interface UserControlMessage extends RtmpMessage
        permits StreamBegin, StreamEof, SetBufferLength, PingRequest, PingResponse, OtherUserControl {
    int STREAM_BEGIN = 0;
    int STREAM_EOF = 1;
    int SET_BUFFER_LENGTH = 3;
    int PING_REQUEST = 6;
    int PING_RESPONSE = 7;

    int eventType();
}
