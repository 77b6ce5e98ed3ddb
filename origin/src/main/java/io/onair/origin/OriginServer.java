package io.onair.origin;

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
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media port: the HLS/DASH origin ({@code /live/...}) on Netty, beside the application's HTTP server, for large
 * audiences and CDNs. The same answers as {@code /live/...} on the application's port ({@link MediaResponder}), at a
 * fraction of the cost per request: no servlet container, no thread per held request (a held LL-HLS reload is a
 * callback on its connection's event loop), and part and segment bodies written from one off-heap copy shared by
 * every viewer ({@link DirectBodies}). docs/benchmarks.md §7.2 has the measurements behind it.
 *
 * <pre>
 * OriginServer server = new OriginServer(OriginConfig.defaults(8081), responder, clock, status -> {});
 * server.start();      // binds; fails naming the port if it is taken
 * server.close();      // closes every connection, releases the event loops
 * </pre>
 */
public final class OriginServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OriginServer.class);

    private final OriginConfig config;
    private final MediaResponder responder;
    private final InstantSource clock;
    private final IntConsumer statuses;
    private final DirectBodies bodies = new DirectBodies();
    private final AtomicInteger open = new AtomicInteger();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ChannelGroup connections;
    private Channel serverChannel;

    /** @param statuses told every answer's status code (for metrics); called on event loops, must not block */
    public OriginServer(OriginConfig config, MediaResponder responder, InstantSource clock, IntConsumer statuses) {
        this.config = Objects.requireNonNull(config, "config");
        this.responder = Objects.requireNonNull(responder, "responder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.statuses = Objects.requireNonNull(statuses, "statuses");
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IllegalStateException if already started, or if the port is taken (the message names it)
     */
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("media port already started on " + port());
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("origin-accept", true), io);
        workerGroup = new MultiThreadIoEventLoopGroup(config.threads(), new DefaultThreadFactory("origin", true), io);
        connections = new DefaultChannelGroup("origin-connections", GlobalEventExecutor.INSTANCE);
        HttpDate date = new HttpDate(clock);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLine())
                .setMaxHeaderSize(config.maxHeaderBytes());
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (open.incrementAndGet() > config.maxConnections()) {
                                open.decrementAndGet();
                                LOG.debug("media port: {} connections, refusing {}", config.maxConnections(),
                                        ch.remoteAddress());
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(f -> open.decrementAndGet());
                            connections.add(ch);
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(true, 0, 0,
                                            config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                    .addLast(new HttpServerCodec(decoder))
                                    .addLast(new OriginHandler(responder, bodies, statuses, date));
                        }
                    })
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            shutdownGroups();
            String why = isBindFailure(e) ? "the port is in use (another server, or a second Onair?)"
                    : e.getMessage();
            throw new IllegalStateException("cannot listen for media on " + config.host() + ":" + config.port()
                    + ": " + why, e);
        }
        LOG.info("Media port (HLS/DASH origin) listening on {}:{} ({}, {} event loops)", config.host(), port(),
                epoll ? "epoll" : "nio", config.threads());
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("media port is not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Connections open now. */
    public int connections() {
        return open.get();
    }

    /** Stops accepting, closes every connection and releases the event loops. Idempotent. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        serverChannel = null;
        LOG.info("Media port stopped");
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            bossGroup = null;
            workerGroup = null;
        }
    }
}
