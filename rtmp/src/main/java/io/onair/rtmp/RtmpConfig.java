package io.onair.rtmp;

import java.util.Objects;

/**
 * Where the RTMP server listens and the limits it holds connections to.
 *
 * @param host the address to bind, e.g. {@code 0.0.0.0} for all interfaces
 * @param port the TCP port, 1935 by convention (OBS's default for rtmp:// URLs); 0 picks a free one
 */
public record RtmpConfig(String host, int port, RtmpLimits limits) {
    public static final int DEFAULT_PORT = 1935;

    public RtmpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank; use 0.0.0.0 to listen on every interface");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /** All interfaces, port 1935, default limits. */
    public static RtmpConfig defaults() {
        return new RtmpConfig("0.0.0.0", DEFAULT_PORT, RtmpLimits.defaults());
    }

    public RtmpConfig withPort(int newPort) {
        return new RtmpConfig(host, newPort, limits);
    }

    public RtmpConfig withHost(String newHost) {
        return new RtmpConfig(newHost, port, limits);
    }

    public RtmpConfig withLimits(RtmpLimits newLimits) {
        return new RtmpConfig(host, port, newLimits);
    }
}
