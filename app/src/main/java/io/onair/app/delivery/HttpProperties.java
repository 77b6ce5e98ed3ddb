package io.onair.app.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code onair.http.*}: the HTTP servers' own tuning (application.yml gives the reasons).
 *
 * @param socketWriteBuffer  Tomcat's per-connection socket write buffer ({@link SocketWriteBuffer})
 * @param socketDirectBuffer whether Tomcat's per-connection socket buffers are direct (off-heap) buffers
 * @param mediaPort          the media port ({@code io.onair.origin.OriginServer}): {@code /live/...} on Netty; -1 off
 * @param mediaHost          the address the media port binds
 * @param mediaMaxConnections connections the media port keeps open at most
 * @param mediaUrl           where players fetch {@code /live/...}: empty for this server's own port (same origin), or
 *                           the base URL of the media port or of a CDN in front of it, without a trailing slash
 */
@ConfigurationProperties("onair.http")
public record HttpProperties(@DefaultValue("64KB") DataSize socketWriteBuffer,
        @DefaultValue("true") boolean socketDirectBuffer,
        @DefaultValue("8081") int mediaPort,
        @DefaultValue("0.0.0.0") String mediaHost,
        @DefaultValue("20000") int mediaMaxConnections,
        @DefaultValue("") String mediaUrl) {
    public HttpProperties {
        if (socketWriteBuffer.toBytes() < 1024 || socketWriteBuffer.toBytes() > 1024 * 1024) {
            throw new IllegalArgumentException("onair.http.socket-write-buffer: must be between 1KB and 1MB");
        }
        if (mediaPort < -1 || mediaPort > 65535) {
            throw new IllegalArgumentException("onair.http.media-port: must be 0-65535, or -1 for none; was "
                    + mediaPort);
        }
        if (mediaHost == null || mediaHost.isBlank()) {
            throw new IllegalArgumentException("onair.http.media-host: must be an address to bind, such as 0.0.0.0");
        }
        mediaUrl = mediaUrl == null ? "" : mediaUrl.strip().replaceAll("/+$", "");
        if (!mediaUrl.isEmpty() && !mediaUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new IllegalArgumentException("onair.http.media-url: must be empty or an http(s) URL such as"
                    + " https://cdn.example.com or http://example.com:8081, without a query; was '" + mediaUrl + "'");
        }
        if (mediaMaxConnections < 1 || mediaMaxConnections > 1_000_000) {
            throw new IllegalArgumentException("onair.http.media-max-connections: must be 1-1000000; was "
                    + mediaMaxConnections);
        }
    }

    /** Whether the media port is on. */
    public boolean mediaPortEnabled() {
        return mediaPort >= 0;
    }
}
