package io.onair.rtmp.handshake;

import static io.onair.rtmp.handshake.HandshakeDigest.PACKET_SIZE;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.onair.rtmp.RtmpProtocolException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.random.RandomGenerator;

/**
 * Server side of the RTMP handshake: reads C0+C1, answers S0+S1+S2 at once (as every server does; clients send C2
 * only after S1), reads C2, then fires {@link HandshakeCompleted} and removes itself so the bytes that follow go to
 * the chunk decoder (like netty's HAProxyMessageDecoder). C2 is not verified: clients differ in what they echo and
 * nothing is authenticated by it. A connection that does not finish within the time-out is closed.
 */
public final class HandshakeHandler extends ByteToMessageDecoder {
    private enum State { READ_C0C1, READ_C2, DONE, FAILED }

    private final RandomGenerator random;
    private final Duration timeout;
    private State state = State.READ_C0C1;
    private ScheduledFuture<?> timer;

    public HandshakeHandler(RandomGenerator random, Duration timeout) {
        this.random = random;
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startTimer(ctx);
        super.channelActive(ctx);
    }

    private void startTimer(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                if (state == State.READ_C0C1 || state == State.READ_C2) {
                    ctx.fireExceptionCaught(new RtmpProtocolException("handshake not completed within "
                            + timeout.toMillis() + " ms"));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            decodeState(ctx, in, out);
        } catch (RtmpProtocolException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeState(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READ_C0C1 -> {
                if (in.readableBytes() < 1 + PACKET_SIZE) {
                    if (in.isReadable()) {
                        checkVersion(in.getUnsignedByte(in.readerIndex()));
                    }
                    return;
                }
                checkVersion(in.readUnsignedByte());
                byte[] c1 = new byte[PACKET_SIZE];
                in.readBytes(c1);
                ctx.writeAndFlush(ctx.alloc().buffer(1 + 2 * PACKET_SIZE)
                        .writeBytes(ServerHandshake.respond(c1, random)));
                state = State.READ_C2;
                decodeState(ctx, in, out);
            }
            case READ_C2 -> {
                if (in.readableBytes() < PACKET_SIZE) {
                    return;
                }
                in.skipBytes(PACKET_SIZE);
                state = State.DONE;
                ctx.fireUserEventTriggered(HandshakeCompleted.INSTANCE);
                ctx.pipeline().remove(this);
            }
            case DONE -> {
                // removed from the pipeline; nothing more to read
            }
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    private static void checkVersion(int c0) {
        if (c0 != ServerHandshake.RTMP_VERSION) {
            throw new RtmpProtocolException(c0 == 6 || c0 == 8
                    ? "C0 asks for RTMPE (version " + c0 + "), which is not supported; use rtmp://"
                    : "C0 version " + c0 + " is not RTMP 3 (is this another protocol on the RTMP port?)");
        }
    }
}
