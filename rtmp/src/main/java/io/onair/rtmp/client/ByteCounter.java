package io.onair.rtmp.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes the socket has taken, at the head of the pipeline (after TLS, so it counts what goes on the wire).
 * A write counts once it completes, not while it waits in the outbound buffer.
 */
final class ByteCounter extends ChannelOutboundHandlerAdapter {
    /** Written on the event loop only, read from any thread. */
    private volatile long bytes;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        int n = buf.readableBytes();
        // A void promise cannot take a listener; unvoid() keeps its "failures go to exceptionCaught" behaviour.
        ChannelPromise counted = promise.unvoid();
        counted.addListener(f -> {
            if (f.isSuccess()) {
                add(n);
            }
        });
        ctx.write(msg, counted);
    }

    /** One writer, the channel's event loop, so the read-modify-write of the volatile is safe. */
    private void add(int n) {
        bytes += n;
    }

    long bytes() {
        return bytes;
    }
}
