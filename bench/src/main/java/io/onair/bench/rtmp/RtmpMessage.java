package io.onair.bench.rtmp;

/** A message the server sent, reassembled from its chunks. */
record RtmpMessage(int type, int streamId, long timestamp, byte[] payload) {
    static final int SET_CHUNK_SIZE = 1;
    static final int COMMAND_AMF0 = 20;
}
