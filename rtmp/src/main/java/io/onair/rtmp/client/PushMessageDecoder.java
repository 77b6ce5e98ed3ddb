package io.onair.rtmp.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.onair.rtmp.RtmpProtocolException;
import io.onair.rtmp.amf0.Amf0Decoder;
import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.chunk.RawMessage;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.MessageCodec;
import io.onair.rtmp.message.MessageType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RawMessage} → {@link io.onair.rtmp.message.RtmpMessage}, as the server's {@code MessageDecoder}, but
 * lenient about commands: servers send some with nothing after the name (ffmpeg's listen mode answers FCPublish
 * with a bare {@code onFCPublish}), which {@link MessageCodec} refuses from a client. Such a command gets
 * transaction id 0 and a null command object. Everything else is {@link MessageCodec}'s. The raw message is
 * released by the superclass.
 */
final class PushMessageDecoder extends MessageToMessageDecoder<RawMessage> {
    /** The module's wire trace logger: commands and control at DEBUG. */
    private static final Logger TRACE = LoggerFactory.getLogger("io.onair.rtmp.wire");

    PushMessageDecoder() {
        super(RawMessage.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, RawMessage raw, List<Object> out) {
        int type = raw.typeId();
        if (type != MessageType.COMMAND_AMF0 && type != MessageType.COMMAND_AMF3) {
            out.add(MessageCodec.decode(raw));
            return;
        }
        ByteBuf in = raw.content().duplicate();
        // AMF3 commands (17) start with a format byte, 0 for the AMF0 that follows in practice.
        if (type == MessageType.COMMAND_AMF3 && in.isReadable() && in.getByte(in.readerIndex()) == 0) {
            in.skipBytes(1);
        }
        List<Object> values = Amf0Decoder.decodeAll(in);
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new RtmpProtocolException("command message does not start with a name");
        }
        double transactionId = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
        Object commandObject = values.size() > 2 ? values.get(2) : Amf0Empty.NULL;
        List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        if (TRACE.isDebugEnabled()) {
            TRACE.debug("push << csid={} type={} len={} {} txn={}", raw.chunkStreamId(), type,
                    raw.content().readableBytes(), PushSession.printable(name), (long) transactionId);
        }
        out.add(new CommandMessage(raw.streamId(), name, transactionId, commandObject, arguments));
    }
}
