package io.onair.rtmp.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.chunk.ChunkDecoder;
import io.onair.rtmp.chunk.ChunkEncoder;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Assembles a push connection's pipeline, the server's wire layers with a client handshake and session
 * (inbound top to bottom, outbound bottom to top):
 * <pre>
 *   bytes           ByteCounter             bytes the socket took, for {@code bytesSent()}
 *   tls             SslHandler              rtmps:// only, with SNI and host name verification
 *   handshake       ClientHandshake         C0/C1 → S0/S1/S2 → C2, then removes itself
 *   chunkEncoder    ChunkEncoder            RawMessage → chunks (4096 after our Set Chunk Size)
 *   chunkDecoder    ChunkDecoder            chunks → RawMessage, the server's Set Chunk Size and ack window
 *   messageEncoder  PushMessageEncoder      RtmpMessage → RawMessage on the client's chunk streams
 *   messageDecoder  PushMessageDecoder      RawMessage → RtmpMessage, lenient about bare commands
 *   writability     WritabilityGate         wakes a sender waiting in awaitWritable
 *   session         PushSession             connect, createStream, publish; acks and pings
 * </pre>
 */
final class PushPipeline {
    /**
     * What the server may send us: only commands and control messages, each well under 1 KiB in practice, so 1 MiB
     * per message is generous and keeps a hostile server from making us buffer the 8 MiB the ingest allows.
     */
    static final RtmpLimits LIMITS = RtmpLimits.defaults().withMaxMessageSize(1 << 20);

    private PushPipeline() {
    }

    /**
     * @param ssl the client TLS context for rtmps://, null for rtmp://
     * @param tlsTimeout the TLS handshake's own time-out (the session's deadline normally comes first)
     */
    static void init(Channel ch, PushTarget target, SslContext ssl, Duration tlsTimeout, ByteCounter bytes,
            WritabilityGate gate, PushSession session, RandomGenerator random) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("bytes", bytes);
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(ch.alloc(), target.host(), target.port());
            tls.setHandshakeTimeoutMillis(tlsTimeout.toMillis());
            p.addLast("tls", tls);
        }
        p.addLast("handshake", new ClientHandshake(random));
        p.addLast("chunkEncoder", new ChunkEncoder());
        p.addLast("chunkDecoder", new ChunkDecoder(LIMITS, 0));
        p.addLast("messageEncoder", new PushMessageEncoder());
        p.addLast("messageDecoder", new PushMessageDecoder());
        p.addLast("writability", gate);
        p.addLast("session", session);
    }
}
