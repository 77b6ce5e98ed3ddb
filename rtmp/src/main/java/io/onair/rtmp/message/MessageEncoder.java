package io.onair.rtmp.message;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** {@link RtmpMessage} → {@link io.onair.rtmp.chunk.RawMessage}. */
public final class MessageEncoder extends MessageToMessageEncoder<RtmpMessage> {
    public MessageEncoder() {
        super(RtmpMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage message, List<Object> out) {
        var raw = MessageCodec.encode(message, ctx.alloc());
        if (WireTrace.enabled(raw.typeId())) {
            WireTrace.log(">>", raw, message);
        }
        out.add(raw);
    }
}
