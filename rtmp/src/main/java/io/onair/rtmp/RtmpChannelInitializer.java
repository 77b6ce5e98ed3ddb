package io.onair.rtmp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.onair.rtmp.chunk.ChunkDecoder;
import io.onair.rtmp.chunk.ChunkEncoder;
import io.onair.rtmp.handshake.HandshakeHandler;
import io.onair.rtmp.message.MessageDecoder;
import io.onair.rtmp.message.MessageEncoder;
import io.onair.rtmp.session.RtmpSession;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(RtmpChannelInitializer.class);

    private final RtmpLimits limits;
    private final IngestHandler handler;
    private final ChannelGroup connections;
    /**
     * Connections admitted and not yet closed. Counted apart from {@code connections}: children are initialised on
     * several event loops at once, and a size check followed by an add could admit one over the limit.
     */
    private final java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();

    /** @param connections the open connections, for {@link RtmpLimits#maxConnections()} and shutdown */
    public RtmpChannelInitializer(RtmpLimits limits, IngestHandler handler, ChannelGroup connections) {
        this.limits = limits;
        this.handler = handler;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (admitted.incrementAndGet() > limits.maxConnections()) {
            admitted.decrementAndGet();
            LOG.warn("refused a connection from {}: {} connections open, the limit", ch.remoteAddress(),
                    limits.maxConnections());
            ch.close();
            return;
        }
        ch.closeFuture().addListener(closed -> admitted.decrementAndGet());
        connections.add(ch);
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
