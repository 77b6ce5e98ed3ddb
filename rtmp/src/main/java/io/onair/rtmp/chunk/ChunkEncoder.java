package io.onair.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Splits {@link RawMessage}s into chunks: a fmt 0 header for the first chunk, fmt 3 for the rest, and the extended
 * timestamp repeated on every fmt 3 chunk when the timestamp needs one (what librtmp and ffmpeg expect). The server
 * sends a handful of small messages, so header compression (fmt 1/2) would save nothing. A Set Chunk Size the server
 * sends applies to the messages after it, mirroring {@link ChunkDecoder}.
 */
public final class ChunkEncoder extends MessageToByteEncoder<RawMessage> {
    private int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

    public ChunkEncoder() {
        super(RawMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RawMessage msg, ByteBuf out) {
        ByteBuf payload = msg.content();
        int length = payload.readableBytes();
        long timestamp = msg.timestamp();
        boolean extended = timestamp >= 0xFFFFFF;
        writeBasicHeader(out, 0, msg.chunkStreamId());
        out.writeMedium(extended ? 0xFFFFFF : (int) timestamp);
        out.writeMedium(length);
        out.writeByte(msg.typeId());
        out.writeIntLE(msg.streamId());
        if (extended) {
            out.writeInt((int) timestamp);
        }
        int at = payload.readerIndex();
        int end = at + length;
        while (true) {
            int n = Math.min(chunkSize, end - at);
            out.writeBytes(payload, at, n);
            at += n;
            if (at >= end) {
                break;
            }
            writeBasicHeader(out, 3, msg.chunkStreamId());
            if (extended) {
                out.writeInt((int) timestamp);
            }
        }
        if (msg.typeId() == 1 && msg.streamId() == 0 && length >= 4) {
            chunkSize = payload.getInt(payload.readerIndex()) & 0x7FFF_FFFF;
        }
    }

    static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
        if (csid < 2 || csid > ChunkStreamIds.MAX) {
            throw new IllegalArgumentException("chunk stream id " + csid + " is outside 2.." + ChunkStreamIds.MAX);
        }
        if (csid < 64) {
            out.writeByte(fmt << 6 | csid);
        } else if (csid < 320) {
            out.writeByte(fmt << 6);
            out.writeByte(csid - 64);
        } else {
            out.writeByte(fmt << 6 | 1);
            out.writeShortLE(csid - 64);
        }
    }

    /** The chunk size the server currently sends with. */
    public int chunkSize() {
        return chunkSize;
    }
}
