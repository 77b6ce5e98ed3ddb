package io.onair.rtmp.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lets the (one, non-event-loop) sending thread wait until the channel is writable again: Netty flips writability at
 * the water marks on the event loop, and this handler wakes the waiter then, or when the channel closes.
 */
final class WritabilityGate extends ChannelInboundHandlerAdapter {
    private final Object lock = new Object();

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        wake();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        wake();
        super.channelInactive(ctx);
    }

    void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** @return true once writable; false on time-out or when the channel is closed */
    boolean await(Channel channel, Duration timeout) throws InterruptedException {
        if (channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("awaitWritable would block the connection's own event loop");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                // Checked under the lock that wake() takes, so a change between the check and wait() is not lost.
                if (!channel.isOpen()) {
                    return false;
                }
                if (channel.isWritable()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }
}
