package io.onair.rtmp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.onair.rtmp.chunk.ChunkDecoder;
import io.onair.rtmp.chunk.ChunkEncoder;
import io.onair.rtmp.handshake.HandshakeHandler;
import io.onair.rtmp.message.MessageDecoder;
import io.onair.rtmp.message.MessageEncoder;
import io.onair.rtmp.session.RtmpSession;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Assembles one connection's pipeline, in wire layers (inbound top to bottom, outbound bottom to top):
 * <pre>
 *   idle            IdleStateHandler        drops a silent publisher
 *   handshake       HandshakeHandler        C0/C1/C2 ↔ S0/S1/S2, then removes itself
 *   chunkEncoder    ChunkEncoder            RawMessage → chunks
 *   chunkDecoder    ChunkDecoder            chunks → RawMessage, acknowledgement windows
 *   messageEncoder  MessageEncoder          RtmpMessage → RawMessage
 *   messageDecoder  MessageDecoder          RawMessage → RtmpMessage, wire trace
 *   session         RtmpSession             NetConnection/NetStream, IngestHandler, MediaSink
 * </pre>
 * Tests run the same pipeline in an {@code EmbeddedChannel}.
 */
public final class RtmpChannelInitializer extends ChannelInitializer<Channel> {

    private final RtmpLimits limits;
    private final IngestHandler handler;

    /** {@link RtmpLimits#maxConnections()} is enforced by the listener, before a connection gets here. */
    public RtmpChannelInitializer(RtmpLimits limits, IngestHandler handler) {
        this.limits = limits;
        this.handler = handler;
    }

    @Override
    public void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleStateHandler(limits.readIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("handshake", new HandshakeHandler(ThreadLocalRandom.current(), limits.handshakeTimeout()));
        p.addLast("chunkEncoder", new ChunkEncoder());
        p.addLast("chunkDecoder", new ChunkDecoder(limits, RtmpSession.WINDOW_ACK_SIZE));
        p.addLast("messageEncoder", new MessageEncoder());
        p.addLast("messageDecoder", new MessageDecoder());
        p.addLast("session", new RtmpSession(handler, limits));
    }
}
