package io.onair.origin;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.onair.net.TcpListener;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
    private TcpListener listener;

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
        if (listener != null) {
            throw new IllegalStateException("media port already started on " + port());
        }
        HttpDate date = new HttpDate(clock);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLine())
                .setMaxHeaderSize(config.maxHeaderBytes());
        listener = TcpListener.bind("media", config.host(), config.port(), config.threads(), 1024,
                config.maxConnections(), ch -> ch.pipeline()
                        .addLast(new IdleStateHandler(true, 0, 0, config.idleTimeout().toMillis(),
                                TimeUnit.MILLISECONDS))
                        .addLast(new HttpServerCodec(decoder))
                        .addLast(new OriginHandler(responder, bodies, statuses, date)));
        LOG.info("Media port (HLS/DASH origin) listening on {}:{} ({}, {} event loops)", config.host(), port(),
                listener.transport(), config.threads());
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("media port is not started");
        }
        return listener.port();
    }

    /** Connections open now. */
    public synchronized int connections() {
        return listener == null ? 0 : listener.connections();
    }

    /** Stops accepting, closes every connection and releases the event loops. Idempotent. */
    @Override
    public synchronized void close() {
        if (listener == null) {
            return;
        }
        listener.close();
        listener = null;
        LOG.info("Media port stopped");
    }
}
