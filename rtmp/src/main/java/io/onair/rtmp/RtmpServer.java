package io.onair.rtmp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP ingest server: accepts publishers (OBS, ffmpeg, GStreamer, hardware encoders) and hands their media to
 * an {@link IngestHandler}. Uses epoll where available, NIO otherwise.
 *
 * <pre>
 * RtmpServer server = new RtmpServer(RtmpConfig.defaults(), handler);
 * server.start();      // binds; fails naming the port if it is taken
 * ...
 * server.close();      // closes every session (sinks see onEnd(false)), releases the event loops
 * </pre>
 */
public final class RtmpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);

    private final RtmpConfig config;
    private final IngestHandler handler;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ChannelGroup connections;
    private Channel serverChannel;

    public RtmpServer(RtmpConfig config, IngestHandler handler) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IllegalStateException if already started, or if the port is taken (the message names it)
     */
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("RTMP server already started on port " + port());
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        workerGroup = new MultiThreadIoEventLoopGroup(0, io);
        connections = new DefaultChannelGroup("rtmp-connections", GlobalEventExecutor.INSTANCE);
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new RtmpChannelInitializer(config.limits(), handler, connections))
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            shutdownGroups();
            if (isBindFailure(e)) {
                throw new IllegalStateException("cannot listen for RTMP on " + config.host() + ":" + config.port()
                        + ": the port is in use (another RTMP server, or a second Onair?)", e);
            }
            throw new IllegalStateException("cannot listen for RTMP on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        LOG.info("RTMP ingest listening on {}:{} ({})", config.host(), port(), epoll ? "epoll" : "nio");
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("RTMP server is not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting, closes every session and releases the event loops. Idempotent. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        serverChannel = null;
        LOG.info("RTMP ingest stopped");
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
