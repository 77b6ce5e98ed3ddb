package io.onair.app.ingest;

import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The server URL a streamer types into OBS ({@code rtmp://host[:port]/app}), in one place for the start-up banner,
 * the dashboard and the home page's "go live" help. The dashboard used to build it from the page's host alone, so a
 * server with RTMP on another port than 1935, another application name or a separate ingest host showed streamers a
 * URL OBS could not connect to.
 *
 * <p>The host is {@code onair.rtmp.public-host} when set (with a port of its own when OBS must use another than the
 * one RTMP listens on, as behind NAT or a TCP proxy), else the host the streamer's browser reached this site by, else
 * (the banner) this machine's name. The port is the one RTMP listens on, left out when it is RTMP's default 1935,
 * which OBS assumes.
 */
public final class PublishUrl {
    private static final int RTMP_DEFAULT_PORT = 1935;

    private final String publicHost;
    private final String app;
    private final IntSupplier listeningPort;

    /**
     * @param publicHost    {@code onair.rtmp.public-host} (validated there), empty when not set
     * @param app           {@code onair.ingest.app}
     * @param listeningPort the port RTMP listens on once started
     */
    public PublishUrl(String publicHost, String app, IntSupplier listeningPort) {
        this.publicHost = publicHost.strip();
        this.app = app;
        this.listeningPort = listeningPort;
    }

    /** {@code rtmp://…/live} for a streamer who reached this site as {@code requestHost} (a name or IP literal). */
    public String server(Optional<String> requestHost, String machineName) {
        String authority = publicHost.isEmpty() ? withPort(bracketed(requestHost.orElse(machineName)))
                : hasPort(publicHost) ? publicHost : withPort(publicHost);
        return "rtmp://" + authority + "/" + app;
    }

    private String withPort(String host) {
        int port = listeningPort.getAsInt();
        return port == RTMP_DEFAULT_PORT ? host : host + ":" + port;
    }

    /** An IPv6 literal needs brackets in a URL (RFC 3986 §3.2.2); servlet containers give it with or without. */
    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code host:port} or {@code [v6]:port}: the configured value's own port wins. */
    private static boolean hasPort(String host) {
        return host.startsWith("[") ? host.contains("]:") : host.indexOf(':') >= 0;
    }
}
