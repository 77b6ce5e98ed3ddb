package io.onair.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound Netty TCP server, as the RTMP ingest and the media port both need one: epoll where available (NIO
 * otherwise), one accepting thread, the connections' event loops, a cap on open connections (one over it is closed
 * at accept, before any handler sees it), a bind failure that names the port, and a close that closes every
 * connection and releases the threads.
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final String what;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup connections;
    private final AtomicInteger open;
    private final Channel serverChannel;
    private final boolean epoll;

    private TcpListener(String what, EventLoopGroup bossGroup, EventLoopGroup workerGroup, ChannelGroup connections,
            AtomicInteger open, Channel serverChannel, boolean epoll) {
        this.what = what;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.connections = connections;
        this.open = open;
        this.serverChannel = serverChannel;
        this.epoll = epoll;
    }

    /**
     * Binds {@code host:port} and starts accepting.
     *
     * @param what           what listens, for messages and thread names ("RTMP", "media")
     * @param workers        event loops for the connections; 0 for Netty's default (twice the cores)
     * @param backlog        pending connections the kernel queues before they are accepted
     * @param maxConnections connections open at once; one more is closed at accept
     * @param pipeline       sets up an admitted connection's handlers
     * @throws IllegalStateException if the address cannot be bound (the message names it, and says so when the
     *                               port is taken)
     */
    public static TcpListener bind(String what, String host, int port, int workers, int backlog, int maxConnections,
            Consumer<Channel> pipeline) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        String threads = what.toLowerCase(java.util.Locale.ROOT);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threads + "-accept", true),
                io);
        EventLoopGroup work = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory(threads, true), io);
        ChannelGroup connections = new DefaultChannelGroup(threads + "-connections", GlobalEventExecutor.INSTANCE);
        // Counted apart from the group: children are initialised on several event loops at once, and a size check
        // followed by an add could admit one over the limit.
        AtomicInteger open = new AtomicInteger();
        Channel server;
        try {
            server = new ServerBootstrap()
                    .group(boss, work)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, backlog)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (open.incrementAndGet() > maxConnections) {
                                open.decrementAndGet();
                                LOG.warn("{}: refused a connection from {}: {} connections open, the limit", what,
                                        ch.remoteAddress(), maxConnections);
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(closed -> open.decrementAndGet());
                            connections.add(ch);
                            pipeline.accept(ch);
                        }
                    })
                    .bind(host, port)
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            shutdown(boss, work);
            String why = isBindFailure(e) ? "the port is in use (another server, or a second Onair?)"
                    : e.getMessage();
            throw new IllegalStateException("cannot listen for " + what + " on " + host + ":" + port + ": " + why, e);
        }
        return new TcpListener(what, boss, work, connections, open, server, epoll);
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Connections open now. */
    public int connections() {
        return open.get();
    }

    /** The transport in use, for the start-up log line. */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /** Stops accepting, closes every connection (their handlers see them close) and releases the event loops. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdown(bossGroup, workerGroup);
        LOG.debug("{} listener closed", what);
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup work) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        work.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
