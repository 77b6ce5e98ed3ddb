package io.onair.rtmp.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.chunk.ChunkDecoder;
import io.onair.rtmp.message.MessageDecoder;
import io.onair.rtmp.message.RtmpMessage;
import java.util.ArrayList;
import java.util.List;

/** Reads what a server sent (S0/S1/S2, then chunks) back into messages, with the project's own decoders. */
public final class ServerOutput {
    public static final int HANDSHAKE_SIZE = 1 + 2 * 1536;

    private ServerOutput() {
    }

    public static List<RtmpMessage> messages(byte[] serverBytes) {
        EmbeddedChannel client = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.defaults(), 0), new MessageDecoder());
        client.writeInbound(Unpooled.wrappedBuffer(serverBytes, HANDSHAKE_SIZE, serverBytes.length - HANDSHAKE_SIZE));
        List<RtmpMessage> out = new ArrayList<>();
        for (Object m; (m = client.readInbound()) != null; ) {
            out.add((RtmpMessage) m);
        }
        client.finishAndReleaseAll();
        return out;
    }

    /** Drains an embedded channel's outbound ByteBufs into one array, releasing them. */
    public static byte[] drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object m; (m = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) m;
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        all.release();
        return bytes;
    }
}
