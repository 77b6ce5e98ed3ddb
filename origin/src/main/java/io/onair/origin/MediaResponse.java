package io.onair.origin;

import java.util.List;
import java.util.Map;

/**
 * An answer to a {@link MediaRequest}, for the HTTP server to write: status, the few headers media needs, and the
 * body (also for a HEAD, whose {@code Content-Length} is the body's; {@link #sendBody} says whether to send it).
 *
 * @param contentType  null for a 304 and a 204
 * @param cacheControl null for a 204
 * @param etag         with its quotes; null when the answer has none
 * @param body         never modified by anyone (parts and segments are shared by every viewer)
 * @param immutable    the body is a part, segment or init segment: the same bytes for as long as they are served,
 *                     so a server may keep a copy of them in its own form (off-heap, for instance)
 */
public record MediaResponse(int status, String contentType, String cacheControl, String etag, byte[] body,
        boolean sendBody, boolean immutable, List<Map.Entry<String, String>> extraHeaders) {
    /**
     * On every response, errors included, so players on other origins can read it (mediamtx #415 and nginx-rtmp
     * #1128 were reports of CORS missing on error responses). {@code Date} is exposed because dash.js may time the
     * live edge by the MPD response's {@code Date} header.
     */
    public static final List<Map.Entry<String, String>> CORS = List.of(
            Map.entry("Access-Control-Allow-Origin", "*"),
            Map.entry("Access-Control-Expose-Headers", "Content-Length, ETag, Cache-Control, Date"));

    static final byte[] NO_BODY = new byte[0];
}
