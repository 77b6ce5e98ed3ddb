package io.onair.rtmp.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.onair.rtmp.chunk.RawMessage;
import io.onair.rtmp.message.AudioMessage;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.DataMessage;
import io.onair.rtmp.message.MessageCodec;
import io.onair.rtmp.message.RtmpMessage;
import io.onair.rtmp.message.VideoMessage;
import java.util.List;

/**
 * {@link RtmpMessage} → {@link RawMessage} with the client's chunk stream ids ({@link PushChunkStreams}); the
 * server's {@code MessageEncoder} uses the ids a server sends on. {@link RawMessage}s (media, built on the caller's
 * thread) pass through untouched.
 */
final class PushMessageEncoder extends MessageToMessageEncoder<RtmpMessage> {
    PushMessageEncoder() {
        super(RtmpMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage message, List<Object> out) {
        out.add(withChunkStream(MessageCodec.encode(message, ctx.alloc()), chunkStreamId(message)));
    }

    static int chunkStreamId(RtmpMessage message) {
        return switch (message) {
            case CommandMessage m -> PushChunkStreams.COMMAND;
            case DataMessage m -> PushChunkStreams.DATA;
            case AudioMessage m -> PushChunkStreams.AUDIO;
            case VideoMessage m -> PushChunkStreams.VIDEO;
            default -> PushChunkStreams.CONTROL;
        };
    }

    /** Moves the payload (and its ownership) to a message on chunk stream {@code csid}. */
    static RawMessage withChunkStream(RawMessage raw, int csid) {
        if (raw.chunkStreamId() == csid) {
            return raw;
        }
        return new RawMessage(csid, raw.timestamp(), raw.typeId(), raw.streamId(), raw.content());
    }
}
