package io.onair.origin;

import io.onair.hls.HlsChannel;
import io.onair.hls.HlsOrigin;
import io.onair.hls.HlsPart;
import io.onair.hls.HlsSegment;
import io.onair.hls.PartAnswer;
import io.onair.hls.PlaylistAnswer;
import io.onair.hls.PlaylistRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.zip.CRC32C;

/**
 * What the HLS and DASH origin answers, whichever HTTP server asks: {@code /live/{channel}/master.m3u8},
 * {@code /live/{channel}/manifest.mpd}, {@code /live/{channel}/{rendition}/index.m3u8},
 * {@code /live/{channel}/{rendition}/{sequence}.m4s} (or {@code .ts}), LL-HLS parts
 * {@code {sequence}.{part}.m4s} and {@code /live/{channel}/{rendition}/init-{n}.mp4}, served from memory. The
 * application's servlet and the Netty media port ({@link OriginServer}) both write what this returns, so the two
 * ports cannot answer differently.
 *
 * <p>Segments are immutable and cached for long; playlists change every segment and are cached for one second at
 * most, which is what lets a CDN sit in front.
 *
 * <p>LL-HLS (RFC 8216bis §6.2.5): a media playlist request with {@code _HLS_msn} (and {@code _HLS_part}) is held
 * until that segment or part exists: the returned future completes then, and the re-checks after each publish run
 * on the caller's executor, so a held request costs a registered callback, no thread. Its answer is cacheable for a
 * few target durations keyed by the full URL, query included (what the RFC's blocking requests are designed for:
 * every viewer asks for the same next part). Parts are immutable; a request for the hinted part that does not exist
 * yet is held the same way and answered with the complete part once it is published (not streamed while it is being
 * produced: parts are written whole, a fragment at a time).
 */
public final class MediaResponder {
    public static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
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
    /**
     * Preflight-only headers (Fetch standard, "CORS-preflight fetch": a browser reads them from the answer to OPTIONS
     * and nowhere else), so they are not repeated on the thousands of GETs a second that LL-HLS makes.
     */
    private static final MediaResponse PREFLIGHT = new MediaResponse(204, null, null, null, MediaResponse.NO_BODY,
            false, false, List.of(
                    Map.entry("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
                    Map.entry("Access-Control-Allow-Headers", "If-None-Match, Range"),
                    Map.entry("Access-Control-Max-Age", "86400")));

    private final HlsOrigin origin;
    /**
     * The last playlists encoded, by the identity of their rendered text: every viewer held for the same part gets
     * the same rendered string, and 2,000 of them should not each encode and checksum it. 16 slots, replaced
     * freely: a miss only costs the encoding it saves.
     */
    private final Encoded[] encoded = new Encoded[16];

    private record Encoded(String text, byte[] bytes, String etag) {
    }

    public MediaResponder(HlsOrigin origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** The answer to an {@code OPTIONS} (a CORS preflight) for any media path. */
    public MediaResponse preflight() {
        return PREFLIGHT;
    }

    /**
     * The answer to {@code request}: complete at once unless it is a blocking playlist reload or a hinted part not
     * published yet, which complete when it is (or after three target durations). Re-checks run on
     * {@code recheckOn}; cancel the future when the client goes away.
     */
    public CompletableFuture<MediaResponse> respond(MediaRequest request, Executor recheckOn) {
        boolean body = !request.head();
        MediaPath path = MediaPath.parse(request.path()).orElse(null);
        if (path == null) {
            return done(notFound("No such media path: /live" + shorten(request.path())));
        }
        Optional<HlsChannel> found = origin.channel(path.channel());
        if (found.isEmpty()) {
            return done(notFound("Channel '" + path.channel() + "' has never been live since the server started"));
        }
        HlsChannel channel = found.get();
        return switch (path.kind()) {
            case MASTER -> done(playlist(request, channel.masterPlaylist(), PLAYLIST_TYPE, body, path));
            case MPD -> done(playlist(request, channel.dashManifest(), MPD_TYPE, body, path));
            case MEDIA -> media(request, channel, body, path, recheckOn);
            case PART -> channel.partLater(path.rendition(), path.sequence(), path.part(), recheckOn)
                    .thenApply(answer -> part(request, answer, body));
            case SEGMENT -> done(segment(request, path.extension().equals(channel.segmentExtension())
                    ? channel.segment(path.rendition(), path.sequence()) : Optional.empty(), body, path));
            case INIT -> done(init(request, channel.initSegment(path.rendition(), path.sequence()), body, path));
        };
    }

    private MediaResponse playlist(MediaRequest request, Optional<String> text, String type, boolean body,
            MediaPath path) {
        if (text.isEmpty()) {
            return notFound("No playlist yet for " + path.describe() + ": the stream has not produced a segment");
        }
        Encoded e = encode(text.get());
        return send(request, e.bytes(), type, PLAYLIST_CACHE, e.etag(), body, false);
    }

    /** The playlist's bytes and strong entity tag (a checksum of them), from the cache when its text is. */
    private Encoded encode(String text) {
        int slot = System.identityHashCode(text) & (encoded.length - 1);
        Encoded e = encoded[slot]; // a racy read of an immutable record: at worst a miss
        if (e == null || e.text() != text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            e = new Encoded(text, bytes, "\"p" + Long.toHexString(crc(bytes)) + "\"");
            encoded[slot] = e;
        }
        return e;
    }

    private CompletableFuture<MediaResponse> media(MediaRequest request, HlsChannel channel, boolean body,
            MediaPath path, Executor recheckOn) {
        PlaylistRequest directives;
        try {
            directives = directives(request);
        } catch (IllegalArgumentException e) {
            return done(problem(400, "Bad Request", e.getMessage()));
        }
        return channel.mediaPlaylistLater(path.rendition(), directives, recheckOn).thenApply(answer ->
                switch (answer) {
                    case PlaylistAnswer.Ready r -> {
                        Encoded e = encode(r.playlist());
                        String cache = !r.lowLatency() ? PLAYLIST_CACHE
                                // The answer to ?_HLS_msn=M&_HLS_part=N holds part N for everyone asking the same
                                // URL: a CDN keyed on the query may serve it for as long as a client would have
                                // been held.
                                : directives.blocking() ? "public, max-age=" + Math.max(1, 3 * r.targetDuration())
                                : LL_PLAYLIST_CACHE;
                        yield send(request, e.bytes(), PLAYLIST_TYPE, cache, e.etag(), body, false);
                    }
                    case PlaylistAnswer.NotFound n -> notFound(n.detail());
                    case PlaylistAnswer.BadRequest b -> problem(400, "Bad Request", b.detail());
                    case PlaylistAnswer.Unavailable u -> problem(503, "Service Unavailable", u.detail());
                });
    }

    /** {@code _HLS_msn}, {@code _HLS_part}, {@code _HLS_skip} (RFC 8216bis §6.2.5); other parameters are ignored. */
    static PlaylistRequest directives(MediaRequest request) {
        OptionalLong msn = OptionalLong.empty();
        OptionalInt part = OptionalInt.empty();
        String m = request.parameter().apply("_HLS_msn");
        String p = request.parameter().apply("_HLS_part");
        String skip = request.parameter().apply("_HLS_skip");
        if (m != null) {
            if (!m.matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("_HLS_msn must be a decimal integer, was '" + shorten(m) + "'");
            }
            msn = OptionalLong.of(Long.parseLong(m));
        }
        if (p != null) {
            if (!p.matches("[0-9]{1,6}")) {
                throw new IllegalArgumentException("_HLS_part must be a decimal integer, was '" + shorten(p) + "'");
            }
            part = OptionalInt.of(Integer.parseInt(p));
        }
        return new PlaylistRequest(msn, part, "YES".equals(skip) || "v2".equals(skip));
    }

    private static MediaResponse part(MediaRequest request, PartAnswer answer, boolean body) {
        return switch (answer) {
            case PartAnswer.Found f -> {
                HlsPart part = f.part();
                yield send(request, part.data(), MP4_TYPE, SEGMENT_CACHE, "\"" + part.etag() + "\"", body, true);
            }
            case PartAnswer.NotFound n -> notFound(n.detail());
            case PartAnswer.Unavailable u -> problem(503, "Service Unavailable", u.detail());
        };
    }

    private static MediaResponse segment(MediaRequest request, Optional<HlsSegment> segment, boolean body,
            MediaPath path) {
        if (segment.isEmpty()) {
            return notFound("No segment " + path.describe() + ": it has left the live window or does not exist yet");
        }
        HlsSegment s = segment.get();
        return send(request, s.data(), path.extension().equals("ts") ? TS_TYPE : MP4_TYPE, SEGMENT_CACHE,
                "\"" + s.etag() + "\"", body, true);
    }

    /** Init segments are named by the first segment using them: a URI never names other bytes either. */
    private static MediaResponse init(MediaRequest request, Optional<byte[]> init, boolean body, MediaPath path) {
        if (init.isEmpty()) {
            return notFound("No init segment " + path.describe() + ": no listed segment uses it");
        }
        return send(request, init.get(), MP4_TYPE, SEGMENT_CACHE, "\"i" + path.sequence() + "-"
                + Long.toHexString(crc(init.get())) + "\"", body, true);
    }

    private static MediaResponse send(MediaRequest request, byte[] bytes, String type, String cache, String etag,
            boolean body, boolean immutable) {
        String ifNoneMatch = request.ifNoneMatch();
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.contains(etag))) {
            return new MediaResponse(304, null, cache, etag, MediaResponse.NO_BODY, false, false, List.of());
        }
        return new MediaResponse(200, type, cache, etag, bytes, body, immutable, List.of());
    }

    private static MediaResponse notFound(String detail) {
        return problem(404, "Not Found", detail);
    }

    /** RFC 9457 problem details, with CORS like every answer. */
    public static MediaResponse problem(int status, String title, String detail) {
        byte[] json = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":" + Json.quote(detail) + "}").getBytes(StandardCharsets.UTF_8);
        return new MediaResponse(status, "application/problem+json", MISSING_CACHE, null, json, true, false,
                List.of());
    }

    private static CompletableFuture<MediaResponse> done(MediaResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    /** Request text echoed in a message is cut short: a message never grows with what a client sends. */
    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static long crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        return c.getValue();
    }
}
