package io.onair.rtmp.chunk;

import io.netty.buffer.ByteBuf;

/** What the decoder remembers about one chunk stream: the last header's fields and the message being assembled. */
final class ChunkStream {
    final int id;
    long timestamp;
    /** The last fmt 0-2 timestamp field (absolute for fmt 0, a delta otherwise), reused by fmt 3 (as ffmpeg/SRS). */
    long timestampDelta;
    int length;
    int typeId;
    int streamId;
    /** Whether the last fmt 0-2 header used an extended timestamp, which fmt 3 chunks then repeat. */
    boolean extended;
    long extendedValue;
    /** The message being assembled, null between messages. */
    ByteBuf partial;
    /** The assembled message's head went up as a {@link VideoMessageHead}. */
    boolean headAnnounced;

    ChunkStream(int id) {
        this.id = id;
    }

    int remaining() {
        return length - (partial == null ? 0 : partial.writerIndex());
    }

    void discard() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
