package io.onair.rtmp.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.onair.rtmp.RtmpProtocolException;
import io.onair.rtmp.handshake.HandshakeCompleted;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Client side of the plain RTMP handshake (RTMP spec 5.2): sends C0 (version 3) and C1 (4-byte time, 4 zero bytes,
 * 1528 random bytes) as soon as the connection is up, reads S0+S1+S2, answers C2 as a copy of S1 (5.2.4), then fires
 * {@link HandshakeCompleted} and removes itself, so the bytes that follow go to the chunk decoder.
 *
 * <p>The plain form is what librtmp and ffmpeg send when publishing, and what FMS-style servers (nginx-rtmp, SRS,
 * Twitch, YouTube, ffmpeg's listen mode) accept. S2 is not checked against C1: servers answering with the digest
 * scheme send a signed S2 rather than an echo, and nothing is authenticated by it. There is no time-out here: the
 * push session's one deadline covers TCP, TLS, the handshake and the command exchange.
 */
final class ClientHandshake extends ByteToMessageDecoder {
    static final int VERSION = 3;
    static final int PACKET_SIZE = 1536;
    private static final int S0_S1_S2 = 1 + 2 * PACKET_SIZE;

    private final RandomGenerator random;
    private boolean sent;
    private boolean done;

    ClientHandshake(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendC0C1(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendC0C1(ctx);
        super.channelActive(ctx);
    }

    private void sendC0C1(ChannelHandlerContext ctx) {
        if (sent) {
            return;
        }
        sent = true;
        byte[] c1 = new byte[PACKET_SIZE];
        random.nextBytes(c1);
        int time = (int) (System.nanoTime() / 1_000_000);
        c1[0] = (byte) (time >>> 24);
        c1[1] = (byte) (time >>> 16);
        c1[2] = (byte) (time >>> 8);
        c1[3] = (byte) time;
        c1[4] = 0;
        c1[5] = 0;
        c1[6] = 0;
        c1[7] = 0;
        ctx.writeAndFlush(ctx.alloc().buffer(1 + PACKET_SIZE).writeByte(VERSION).writeBytes(c1));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) != VERSION) {
            // Once: the connection is closed for it, and later bytes are discarded.
            done = true;
            int s0 = in.getUnsignedByte(in.readerIndex());
            in.skipBytes(in.readableBytes());
            throw wrongVersion(s0);
        }
        if (in.readableBytes() < S0_S1_S2) {
            return;
        }
        in.skipBytes(1);
        ByteBuf c2 = ctx.alloc().buffer(PACKET_SIZE);
        in.readBytes(c2, PACKET_SIZE);
        in.skipBytes(PACKET_SIZE);
        done = true;
        ctx.writeAndFlush(c2);
        ctx.fireUserEventTriggered(HandshakeCompleted.INSTANCE);
        ctx.pipeline().remove(this);
    }

    private static RtmpProtocolException wrongVersion(int s0) {
        return new RtmpProtocolException(s0 == 'H'
                ? "the server answered in HTTP, not RTMP: check the URL's port and scheme"
                : "the server answered with handshake version " + s0 + ", not RTMP 3: is this an RTMP port?"
                        + " (an rtmps:// port needs rtmps://, an rtmp:// port rtmp://)");
    }
}
