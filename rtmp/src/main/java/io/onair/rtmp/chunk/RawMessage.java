package io.onair.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One RTMP message as the chunk stream carries it: header fields and the reassembled payload (which this holder
 * owns: release it). The layer between chunks and typed messages, like gortmplib's {@code rawmessage}.
 *
 * @see io.onair.rtmp.message.MessageCodec
 */
public final class RawMessage extends DefaultByteBufHolder {
    private final int chunkStreamId;
    private final long timestamp;
    private final int typeId;
    private final int streamId;

    /** @param timestamp milliseconds, unsigned 32-bit */
    public RawMessage(int chunkStreamId, long timestamp, int typeId, int streamId, ByteBuf payload) {
        super(payload);
        this.chunkStreamId = chunkStreamId;
        this.timestamp = timestamp & 0xFFFF_FFFFL;
        this.typeId = typeId;
        this.streamId = streamId;
    }

    public int chunkStreamId() {
        return chunkStreamId;
    }

    public long timestamp() {
        return timestamp;
    }

    public int typeId() {
        return typeId;
    }

    /** The message stream id (0 for NetConnection, 1.. for NetStreams). */
    public int streamId() {
        return streamId;
    }

    @Override
    public RawMessage replace(ByteBuf content) {
        return new RawMessage(chunkStreamId, timestamp, typeId, streamId, content);
    }

    @Override
    public String toString() {
        return "RawMessage[csid=" + chunkStreamId + " type=" + typeId + " stream=" + streamId + " ts=" + timestamp
                + " len=" + content().readableBytes() + "]";
    }
}
