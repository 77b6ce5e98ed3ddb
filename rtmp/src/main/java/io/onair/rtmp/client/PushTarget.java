package io.onair.rtmp.client;

import java.util.Locale;
import java.util.Objects;

/**
 * Where to push: the server URL a streaming service gives ("rtmp://live.twitch.tv/app",
 * "rtmps://a.rtmps.youtube.com:443/live2") split into what the RTMP exchange needs, plus the stream key.
 *
 * <p>The stream key is a bearer secret: {@link #describe()} and {@link #toString()} leave it out (and the query of
 * the application path too, where some services put a token), so a target can be logged or shown.
 *
 * @param host       the server's host name or IP address (IPv6 without brackets)
 * @param port       the TCP port
 * @param tls        true for {@code rtmps://} (RTMP inside TLS)
 * @param app        the application, the URL's path without the leading slash: may contain '/' ("live/sub") and a
 *                   query ("live?token=…"), sent as is in {@code connect}
 * @param streamName the stream key, sent in {@code releaseStream}, {@code FCPublish} and {@code publish}
 * @param tcUrl      {@code scheme://host[:port]/app}, sent in {@code connect} (RTMP spec 7.2.1.1)
 */
public record PushTarget(String host, int port, boolean tls, String app, String streamName, String tcUrl) {
    static final int RTMP_PORT = 1935;
    static final int RTMPS_PORT = 443;
    /** Service URLs are under 100 characters; 1024 leaves room for a long token in the query. */
    static final int MAX_URL_LENGTH = 1024;
    /** Keys seen in the field are 20-200 characters (some carry a signed query); 512 is generous. */
    static final int MAX_KEY_LENGTH = 512;

    public PushTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(tcUrl, "tcUrl");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /**
     * Parses an RTMP server URL and a stream key. Surrounding whitespace is trimmed from both (a copy-and-paste
     * habit); whitespace or control characters inside either are refused.
     *
     * @throws IllegalArgumentException with a message a streamer can act on
     */
    public static PushTarget parse(String url, String streamKey) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty()) {
            throw new IllegalArgumentException("the server URL is empty, e.g. rtmp://live.twitch.tv/app");
        }
        if (u.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("the server URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        if (hasSpaceOrControl(u)) {
            throw new IllegalArgumentException("the server URL must not contain spaces or control characters");
        }
        String lower = u.toLowerCase(Locale.ROOT);
        boolean tls;
        String rest;
        if (lower.startsWith("rtmp://")) {
            tls = false;
            rest = u.substring("rtmp://".length());
        } else if (lower.startsWith("rtmps://")) {
            tls = true;
            rest = u.substring("rtmps://".length());
        } else {
            throw new IllegalArgumentException("the server URL must start with rtmp:// or rtmps://");
        }
        int pathAt = firstOf(rest, "/?#");
        String authority = pathAt < 0 ? rest : rest.substring(0, pathAt);
        String path = pathAt < 0 ? "" : rest.substring(pathAt);
        if (authority.contains("@")) {
            throw new IllegalArgumentException("the server URL must not contain user:password@; "
                    + "put credentials where the service says (usually the stream key)");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the server URL has an unclosed [ in its IPv6 address");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("the server URL has text after its IPv6 address");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the server URL has no host, e.g. rtmp://live.twitch.tv/app");
        }
        int port = portText == null ? (tls ? RTMPS_PORT : RTMP_PORT) : parsePort(portText);
        // The app: the path without its leading slashes and (before any query) its trailing ones.
        String app = path.replaceFirst("^/+", "");
        int query = app.indexOf('?');
        String appPath = (query < 0 ? app : app.substring(0, query)).replaceFirst("/+$", "");
        if (appPath.isEmpty() || appPath.startsWith("#")) {
            throw new IllegalArgumentException("the server URL has no application path, e.g. rtmp://host/live");
        }
        app = query < 0 ? appPath : appPath + app.substring(query);
        String key = streamKey == null ? "" : streamKey.strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the stream key is empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("the stream key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (hasSpaceOrControl(key)) {
            throw new IllegalArgumentException("the stream key must not contain spaces or control characters");
        }
        String tcUrl = (tls ? "rtmps://" : "rtmp://") + authority + "/" + app;
        return new PushTarget(host, port, tls, app, key, tcUrl);
    }

    /** The URL without the stream key (and without the app's query, which may hold a token), for logs and UI. */
    public String describe() {
        int query = tcUrl.indexOf('?');
        return query < 0 ? tcUrl : tcUrl.substring(0, query) + "?…";
    }

    /** Never shows the stream key. */
    @Override
    public String toString() {
        return "PushTarget[" + describe() + "]";
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the server URL has an invalid port '" + text + "'");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the server URL's port " + port + " is outside 1..65535");
        }
        return port;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasSpaceOrControl(String s) {
        return s.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }
}
