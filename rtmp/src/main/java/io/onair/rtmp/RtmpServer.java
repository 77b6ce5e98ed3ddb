package io.onair.rtmp;

import io.onair.net.TcpListener;
import java.util.Objects;
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
    private TcpListener listener;

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
        if (listener != null) {
            throw new IllegalStateException("RTMP server already started on port " + port());
        }
        RtmpChannelInitializer pipeline = new RtmpChannelInitializer(config.limits(), handler);
        listener = TcpListener.bind("RTMP", config.host(), config.port(), 0, 128, config.limits().maxConnections(),
                pipeline::initChannel);
        LOG.info("RTMP ingest listening on {}:{} ({})", config.host(), port(), listener.transport());
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("RTMP server is not started");
        }
        return listener.port();
    }

    /** Stops accepting, closes every session (sinks see onEnd(false)), releases the event loops. Idempotent. */
    @Override
    public synchronized void close() {
        if (listener == null) {
            return;
        }
        listener.close();
        listener = null;
        LOG.info("RTMP ingest stopped");
    }
}
