package io.onair.app.delivery;

import io.onair.hls.HlsChannel;
import io.onair.hls.HlsOrigin;
import io.onair.hls.HlsPart;
import io.onair.hls.HlsSegment;
import io.onair.hls.PartAnswer;
import io.onair.hls.PlaylistAnswer;
import io.onair.hls.PlaylistRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The HLS and DASH origin over HTTP, served from memory: {@code /live/{channel}/master.m3u8},
 * {@code /live/{channel}/manifest.mpd}, {@code /live/{channel}/{rendition}/index.m3u8},
 * {@code /live/{channel}/{rendition}/{sequence}.m4s} (or {@code .ts}) and {@code /live/{channel}/{rendition}/init-{n}.mp4}.
 *
 * <p>A plain servlet rather than an MVC controller: these are the hottest requests of the server (every viewer,
 * every couple of seconds) and need none of MVC's argument resolution or content negotiation.
 *
 * <p>Every response, errors included, carries CORS headers so players on other origins can read it (mediamtx #415,
 * nginx-rtmp #1128 were reports of missing CORS on error responses). Segments are immutable and cached for long;
 * playlists change every segment and are cached for one second at most, which is what lets a CDN sit in front.
 *
 * <p>LL-HLS (RFC 8216bis §6.2.5): a media playlist request with {@code _HLS_msn} (and {@code _HLS_part}) is held
 * until that segment or part exists, on the request's own (virtual) thread: the origin parks it until a publish
 * wakes it, so thousands of held requests cost parked continuations, not platform threads. Its answer is
 * cacheable for a few target durations keyed by the full URL, query included (what the RFC's blocking requests
 * are designed for: every viewer asks for the same next part). Parts ({@code {n}.{part}.m4s}) are immutable; a
 * request for the hinted part that does not exist yet is held the same way and answered with the complete part
 * once it is published (not streamed while it is being produced: parts are written whole, a fragment at a time).
 */
public final class HlsServlet extends HttpServlet {
    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    static final String TS_TYPE = "video/mp2t";
    /** ISO/IEC 23009-1 §5.10 DASH manifest. */
    static final String MPD_TYPE = "application/dash+xml";
    /**
     * fMP4 media and init segments: {@code video/mp4} for both, audio included. RFC 8216 §3.3 and Apple's authoring
     * spec use it; {@code video/iso.segment} (RFC 4337bis) is registered for media segments but older CDNs and
     * proxies do not know it, and hls.js, dash.js and Safari read the bytes whatever the type.
     */
    static final String MP4_TYPE = "video/mp4";
    /** Half the default 2 s target duration: a CDN never serves a playlist older than the segment being cut. */
    static final String PLAYLIST_CACHE = "public, max-age=1";
    /** Segment URIs never name different bytes (sequence numbers are unique per channel), so they never go stale. */
    static final String SEGMENT_CACHE = "public, max-age=31536000, immutable";
    /** A missing segment or playlist may exist a moment later: caches must ask again. */
    static final String MISSING_CACHE = "no-cache";
    /**
     * A plain LL-HLS playlist changes with every part (every half second): a CDN must ask again. Blocking clients
     * never use it past their first request.
     */
    static final String LL_PLAYLIST_CACHE = "no-cache";

    private final transient HlsOrigin origin;

    public HlsServlet(HlsOrigin origin) {
        this.origin = origin;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
        cors(resp);
        // Preflight-only headers (Fetch standard, "CORS-preflight fetch": a browser reads them from the answer to
        // OPTIONS and nowhere else), so they are not repeated on the thousands of GETs a second that LL-HLS makes.
        resp.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        resp.setHeader("Access-Control-Allow-Headers", "If-None-Match, Range");
        resp.setHeader("Access-Control-Max-Age", "86400");
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        cors(resp);
        MediaPath path = MediaPath.parse(req.getPathInfo()).orElse(null);
        if (path == null) {
            notFound(resp, "No such media path: " + req.getRequestURI());
            return;
        }
        Optional<HlsChannel> channel = origin.channel(path.channel());
        if (channel.isEmpty()) {
            notFound(resp, "Channel '" + path.channel() + "' has never been live since the server started");
            return;
        }
        switch (path.kind()) {
            case MASTER -> playlist(req, resp, channel.get().masterPlaylist(), PLAYLIST_TYPE, body, path);
            case MPD -> playlist(req, resp, channel.get().dashManifest(), MPD_TYPE, body, path);
            case MEDIA -> media(req, resp, channel.get(), body, path);
            case PART -> part(req, resp, channel.get(), body, path);
            case SEGMENT -> segment(req, resp, path.extension().equals(channel.get().segmentExtension())
                    ? channel.get().segment(path.rendition(), path.sequence()) : Optional.empty(), body, path);
            case INIT -> init(req, resp, channel.get().initSegment(path.rendition(), path.sequence()), body, path);
        }
    }

    private static void playlist(HttpServletRequest req, HttpServletResponse resp, Optional<String> text,
            String type, boolean body, MediaPath path) throws IOException {
        if (text.isEmpty()) {
            notFound(resp, "No playlist yet for " + path.describe() + ": the stream has not produced a segment");
            return;
        }
        byte[] bytes = text.get().getBytes(StandardCharsets.UTF_8);
        String etag = "\"p" + Long.toHexString(crc(bytes)) + "\"";
        send(req, resp, bytes, type, PLAYLIST_CACHE, etag, body);
    }

    private static void media(HttpServletRequest req, HttpServletResponse resp, HlsChannel channel, boolean body,
            MediaPath path) throws IOException {
        PlaylistRequest request;
        try {
            request = directives(req);
        } catch (IllegalArgumentException e) {
            problem(resp, HttpServletResponse.SC_BAD_REQUEST, "Bad Request", e.getMessage());
            return;
        }
        PlaylistAnswer answer;
        try {
            answer = channel.mediaPlaylist(path.rendition(), request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable", "shutting down");
            return;
        }
        switch (answer) {
            case PlaylistAnswer.Ready r -> {
                byte[] bytes = r.playlist().getBytes(StandardCharsets.UTF_8);
                String etag = "\"p" + Long.toHexString(crc(bytes)) + "\"";
                String cache = !r.lowLatency() ? PLAYLIST_CACHE
                        // The answer to ?_HLS_msn=M&_HLS_part=N holds part N for everyone asking the same URL: a
                        // CDN keyed on the query may serve it for as long as a client would have been held.
                        : request.blocking() ? "public, max-age=" + Math.max(1, 3 * r.targetDuration())
                        : LL_PLAYLIST_CACHE;
                send(req, resp, bytes, PLAYLIST_TYPE, cache, etag, body);
            }
            case PlaylistAnswer.NotFound n -> notFound(resp, n.detail());
            case PlaylistAnswer.BadRequest b -> problem(resp, HttpServletResponse.SC_BAD_REQUEST, "Bad Request",
                    b.detail());
            case PlaylistAnswer.Unavailable u -> problem(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Service Unavailable", u.detail());
        }
    }

    /** {@code _HLS_msn}, {@code _HLS_part}, {@code _HLS_skip} (RFC 8216bis §6.2.5); other parameters are ignored. */
    static PlaylistRequest directives(HttpServletRequest req) {
        OptionalLong msn = OptionalLong.empty();
        OptionalInt part = OptionalInt.empty();
        String m = req.getParameter("_HLS_msn");
        String p = req.getParameter("_HLS_part");
        String skip = req.getParameter("_HLS_skip");
        if (m != null) {
            if (!m.matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("_HLS_msn must be a decimal integer, was '" + m + "'");
            }
            msn = OptionalLong.of(Long.parseLong(m));
        }
        if (p != null) {
            if (!p.matches("[0-9]{1,6}")) {
                throw new IllegalArgumentException("_HLS_part must be a decimal integer, was '" + p + "'");
            }
            part = OptionalInt.of(Integer.parseInt(p));
        }
        return new PlaylistRequest(msn, part, "YES".equals(skip) || "v2".equals(skip));
    }

    private static void part(HttpServletRequest req, HttpServletResponse resp, HlsChannel channel, boolean body,
            MediaPath path) throws IOException {
        PartAnswer answer;
        try {
            answer = channel.part(path.rendition(), path.sequence(), path.part());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable", "shutting down");
            return;
        }
        switch (answer) {
            case PartAnswer.Found f -> {
                HlsPart part = f.part();
                send(req, resp, part.data(), MP4_TYPE, SEGMENT_CACHE, "\"" + part.etag() + "\"", body);
            }
            case PartAnswer.NotFound n -> notFound(resp, n.detail());
            case PartAnswer.Unavailable u -> problem(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Service Unavailable", u.detail());
        }
    }

    private static void segment(HttpServletRequest req, HttpServletResponse resp, Optional<HlsSegment> segment,
            boolean body, MediaPath path) throws IOException {
        if (segment.isEmpty()) {
            notFound(resp, "No segment " + path.describe() + ": it has left the live window or does not exist yet");
            return;
        }
        HlsSegment s = segment.get();
        send(req, resp, s.data(), path.extension().equals("ts") ? TS_TYPE : MP4_TYPE, SEGMENT_CACHE,
                "\"" + s.etag() + "\"", body);
    }

    /** Init segments are named by the first segment using them: a URI never names other bytes either. */
    private static void init(HttpServletRequest req, HttpServletResponse resp, Optional<byte[]> init, boolean body,
            MediaPath path) throws IOException {
        if (init.isEmpty()) {
            notFound(resp, "No init segment " + path.describe() + ": no listed segment uses it");
            return;
        }
        send(req, resp, init.get(), MP4_TYPE, SEGMENT_CACHE, "\"i" + path.sequence() + "-"
                + Long.toHexString(crc(init.get())) + "\"", body);
    }

    private static void send(HttpServletRequest req, HttpServletResponse resp, byte[] bytes, String type,
            String cache, String etag, boolean body) throws IOException {
        resp.setHeader("Cache-Control", cache);
        resp.setHeader("ETag", etag);
        String ifNoneMatch = req.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.contains(etag))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType(type);
        resp.setContentLength(bytes.length);
        if (body) {
            resp.getOutputStream().write(bytes);
        }
    }

    private static void notFound(HttpServletResponse resp, String detail) throws IOException {
        problem(resp, HttpServletResponse.SC_NOT_FOUND, "Not Found", detail);
    }

    private static void problem(HttpServletResponse resp, int status, String title, String detail)
            throws IOException {
        resp.setStatus(status);
        resp.setHeader("Cache-Control", MISSING_CACHE);
        resp.setContentType("application/problem+json");
        byte[] json = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":" + Json.quote(detail) + "}").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(json.length);
        resp.getOutputStream().write(json);
    }

    private static void cors(HttpServletResponse resp) {
        resp.setHeader("Access-Control-Allow-Origin", "*");
        // Date: dash.js may time the live edge by the MPD response's Date header.
        resp.setHeader("Access-Control-Expose-Headers", "Content-Length, ETag, Cache-Control, Date");
    }

    private static long crc(byte[] bytes) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(bytes);
        return c.getValue();
    }
}
