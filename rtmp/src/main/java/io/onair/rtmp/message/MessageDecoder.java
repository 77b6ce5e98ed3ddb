package io.onair.rtmp.message;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.onair.rtmp.chunk.RawMessage;
import java.util.List;

/** {@link RawMessage} → {@link RtmpMessage}; the raw message is released by the superclass. */
public final class MessageDecoder extends MessageToMessageDecoder<RawMessage> {
    public MessageDecoder() {
        super(RawMessage.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, RawMessage raw, List<Object> out) {
        RtmpMessage message = MessageCodec.decode(raw);
        if (WireTrace.enabled(raw.typeId())) {
            WireTrace.log("<<", raw, message);
        }
        out.add(message);
    }
}
