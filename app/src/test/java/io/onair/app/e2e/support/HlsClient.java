package io.onair.app.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A viewer's HTTP side, with {@code java.net.http}: fetches playlists and segments from the server under test the
 * way a player does (a new request per reload, no caching), with bounded connect and request times.
 */
public final class HlsClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public HlsClient(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** {@code /live/{channel}/master.m3u8} */
    public static String masterPath(String channel) {
        return "/live/" + channel + "/master.m3u8";
    }

    /**
     * A path on the server ({@code /live/…}), sent as written: no dot-segment normalisation, so tests can send the
     * malformed paths an attacker would. Anything else resolves against the base.
     */
    public URI uri(String pathOrUri) {
        if (pathOrUri.startsWith("/")) {
            return URI.create(base.getScheme() + "://" + base.getRawAuthority() + pathOrUri);
        }
        return base.resolve(pathOrUri);
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", uri(path), headers);
    }

    public HttpResponse<byte[]> send(String method, URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + method + " " + uri, e);
        }
    }

    /** The master playlist when the channel has one (200), empty on 404; anything else fails. */
    public Optional<MasterPlaylist> master(String channel) {
        return text(uri(masterPath(channel))).map(MasterPlaylist::parse);
    }

    /**
     * The media playlist a player starts with: the video variant's (the first with a RESOLUTION), else the first
     * variant's (audio-only streams).
     */
    public Optional<URI> mediaPlaylistUri(String channel) {
        URI master = uri(masterPath(channel));
        return master(channel).map(m -> {
            if (m.variants().isEmpty()) {
                throw new AssertionError("master playlist without variants:\n" + m.text());
            }
            return master.resolve(m.videoVariant().orElse(m.variants().getFirst()).uri());
        });
    }

    /** Every media playlist of the channel (variants and alternative renditions), for probing all of them. */
    public java.util.List<URI> mediaPlaylistUris(String channel) {
        URI master = uri(masterPath(channel));
        MasterPlaylist m = master(channel).orElseThrow(() -> new AssertionError("no master playlist for " + channel));
        return m.mediaPlaylistUris().stream().map(master::resolve).toList();
    }

    public Optional<MediaPlaylist> media(URI playlist) {
        return text(playlist).map(MediaPlaylist::parse);
    }

    /** The body of a 200 as text, empty on 404, an assertion failure on any other status. */
    public Optional<String> text(URI uri) {
        HttpResponse<byte[]> r = send("GET", uri);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + r.statusCode() + ": " + utf8(r.body()));
        }
        return Optional.of(utf8(r.body()));
    }

    public static String utf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
