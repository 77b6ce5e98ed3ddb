package io.onair.origin;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the media port listens and the limits on what enters it, each with its reason.
 *
 * @param host           the address to bind
 * @param port           0 picks a free port (tests)
 * @param threads        event loops; they never block (a held request is a registered callback), so one per core
 * @param maxConnections connections beyond this are closed at once: each costs a socket and its kernel buffers, and
 *                       a viewer needs one or two (a blocking reload and a part in flight)
 * @param idleTimeout    a connection with no request in flight and nothing read or written for this long is closed;
 *                       longer than any hold (three target durations) and than a player's pause between requests
 * @param maxRequestLine the longest request line: media URLs are short (a 32-character channel, a part name and three
 *                       LL-HLS directives fit in a few hundred bytes); longer is answered 414
 * @param maxHeaderBytes all request headers together: players send a handful; more is answered 431
 */
public record OriginConfig(String host, int port, int threads, int maxConnections, Duration idleTimeout,
        int maxRequestLine, int maxHeaderBytes) {
    public OriginConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (threads < 1 || maxConnections < 1 || maxRequestLine < 64 || maxHeaderBytes < 256
                || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("origin limits must be positive: " + threads + " threads, "
                    + maxConnections + " connections, " + maxRequestLine + " B request line, " + maxHeaderBytes
                    + " B headers, idle " + idleTimeout);
        }
    }

    /** All interfaces, the given port, one event loop per core, 20,000 connections, 60 s idle, 4 KiB / 8 KiB. */
    public static OriginConfig defaults(int port) {
        return new OriginConfig("0.0.0.0", port, Runtime.getRuntime().availableProcessors(), 20_000,
                Duration.ofSeconds(60), 4096, 8192);
    }

    public OriginConfig withHost(String newHost) {
        return new OriginConfig(newHost, port, threads, maxConnections, idleTimeout, maxRequestLine, maxHeaderBytes);
    }

    public OriginConfig withMaxConnections(int max) {
        return new OriginConfig(host, port, threads, max, idleTimeout, maxRequestLine, maxHeaderBytes);
    }

    public OriginConfig withIdleTimeout(Duration idle) {
        return new OriginConfig(host, port, threads, maxConnections, idle, maxRequestLine, maxHeaderBytes);
    }
}
