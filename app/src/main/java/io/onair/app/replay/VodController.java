package io.onair.app.replay;

import io.onair.app.api.ApiException;
import io.onair.app.security.OnairUser;
import io.onair.app.storage.BlobStore;
import io.onair.hls.VodMode;
import io.onair.hls.VodPresentation;
import io.onair.hls.VodRendition;
import io.onair.hls.VodSegment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replays and clips as HLS and DASH, in the live layout: {@code /vod/{id}/master.m3u8},
 * {@code /vod/{id}/{rendition}/index.m3u8}, {@code …/{sequence}.m4s}, {@code …/init-{n}.mp4},
 * {@code /vod/{id}/manifest.mpd}; clips the same under {@code /vod/clips/{clip}/}.
 *
 * <p>While the broadcast is live its playlists are the live rewind (DVR): {@code EXT-X-PLAYLIST-TYPE:EVENT} while the
 * whole broadcast fits in {@code onair.replays.dvr-window}, then a sliding window of that length; the live edge
 * itself stays on the small, low-latency {@code /live} playlists. Once ended: {@code EXT-X-PLAYLIST-TYPE:VOD} with
 * {@code EXT-X-ENDLIST} and a static MPD. Bytes come from storage, or the client is redirected to a pre-signed URL
 * when the store gives one ({@code onair.storage.s3.redirect}). Hidden replays only for their owner, never cached
 * publicly.
 */
@RestController
public class VodController {
    private static final Pattern SEGMENT = Pattern.compile("([0-9]{1,18})\\.(m4s|ts)");
    private static final Pattern INIT = Pattern.compile("init-([0-9]{1,18})\\.mp4");
    private static final Pattern RENDITION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,15}");
    private static final MediaType M3U8 = MediaType.parseMediaType("application/vnd.apple.mpegurl");
    private static final MediaType MPD = MediaType.parseMediaType("application/dash+xml");
    /** A pre-signed URL lives this long; the redirect to it is cached for less. */
    private static final Duration PRESIGN = Duration.ofMinutes(10);

    private final ReplayService replays;
    private final ClipService clips;
    private final BlobStore store;
    private final InstantSource clock;
    private final ReplayDownloads downloads;

    public VodController(ReplayService replays, ClipService clips, BlobStore store, InstantSource clock,
            ReplayDownloads downloads) {
        this.downloads = downloads;
        this.replays = replays;
        this.clips = clips;
        this.store = store;
        this.clock = clock;
    }

    // ---- replays (and live rewind) ----

    @GetMapping("/vod/{id}/master.m3u8")
    public ResponseEntity<String> master(@PathVariable("id") long id, @AuthenticationPrincipal OnairUser user) {
        ReplayView v = dvr(replays.view(replays.visible(id, Optional.ofNullable(user))));
        return text(v, M3U8, VodPresentation.masterPlaylist(v.renditions())
                .orElseThrow(() -> ApiException.notFound("Replay " + id + " has nothing to play yet")));
    }

    @GetMapping("/vod/{id}/{rendition}/index.m3u8")
    public ResponseEntity<String> media(@PathVariable("id") long id, @PathVariable("rendition") String rendition,
            @AuthenticationPrincipal OnairUser user) {
        ReplayView v = dvr(replays.view(replays.visible(id, Optional.ofNullable(user))));
        return text(v, M3U8, playlist(v, rendition));
    }

    @GetMapping("/vod/{id}/manifest.mpd")
    public ResponseEntity<String> mpd(@PathVariable("id") long id, @AuthenticationPrincipal OnairUser user) {
        ReplayView v = replays.view(replays.visible(id, Optional.ofNullable(user)));
        if (v.broadcast().ended().isEmpty()) {
            throw ApiException.notFound("Replay " + id + " is live: its DASH manifest exists once it ended"
                    + " (the live one is /live/" + v.broadcast().channel() + "/manifest.mpd)");
        }
        return text(v, MPD, VodPresentation.dashManifest(v.renditions(), v.broadcast().ended().get())
                .orElseThrow(() -> ApiException.notFound("Replay " + id + " has no DASH manifest (MPEG-TS)")));
    }

    @GetMapping("/vod/{id}/{rendition}/{file}")
    public ResponseEntity<?> file(@PathVariable("id") long id, @PathVariable("rendition") String rendition,
            @PathVariable("file") String file, @AuthenticationPrincipal OnairUser user) throws IOException {
        Broadcast b = replays.visible(id, Optional.ofNullable(user));
        return media(replays.view(b), rendition, file, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @GetMapping("/vod/{id}/thumbs.jpg")
    public ResponseEntity<?> thumbnails(@PathVariable("id") long id, @AuthenticationPrincipal OnairUser user)
            throws IOException {
        Broadcast b = replays.visible(id, Optional.ofNullable(user));
        if (b.thumbnails() == 0) {
            throw ApiException.notFound("Replay " + id + " has no thumbnails yet");
        }
        return blob(ReplayKeys.thumbnails(id), "image/jpeg", b.hidden());
    }

    /**
     * The replay as one MP4 file (remuxed on the first request, then kept): 503 with {@code Retry-After} while it is
     * being made.
     */
    @GetMapping("/vod/{id}/download.mp4")
    public ResponseEntity<?> download(@PathVariable("id") long id, @AuthenticationPrincipal OnairUser user)
            throws IOException {
        Broadcast b = replays.visible(id, Optional.ofNullable(user));
        if (b.ended().isEmpty()) {
            throw ApiException.conflict("id", "is live: its download exists once it ended");
        }
        if (!downloads.ready(b)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").headers(VodController::cors)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(java.util.Map.of("title", "Service Unavailable", "status", 503,
                            "detail", "The MP4 of replay " + id + " is being made; try again in a few seconds"));
        }
        String key = ReplayKeys.download(id);
        String name = "onair-" + b.channel() + "-" + id + ".mp4";
        if (!b.hidden()) {
            Optional<java.net.URI> direct = store.directUrl(key, PRESIGN);
            if (direct.isPresent()) {
                return ResponseEntity.status(HttpStatus.FOUND).location(direct.get())
                        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300").headers(VodController::cors).build();
            }
        }
        long size = store.stat(key).orElseThrow(() -> ApiException.notFound("Not in storage: " + key)).size();
        // A Resource answers Range requests (seeking in a browser's player, resumed downloads) through Spring.
        org.springframework.core.io.Resource body = new org.springframework.core.io.AbstractResource() {
            @Override
            public String getDescription() {
                return key;
            }

            @Override
            public java.io.InputStream getInputStream() throws IOException {
                return store.open(key, 0, -1);
            }

            @Override
            public long contentLength() {
                return size;
            }

            @Override
            public String getFilename() {
                return name;
            }
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("video/mp4"))
                .header(HttpHeaders.CACHE_CONTROL, b.hidden() ? "private, max-age=3600" : "public, max-age=3600")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .headers(VodController::cors).body(body);
    }

    // ---- clips ----

    @GetMapping("/vod/clips/{clip}/master.m3u8")
    public ResponseEntity<String> clipMaster(@PathVariable("clip") String clip) {
        ReplayView v = clips.view(clip).replay();
        return text(v, M3U8, VodPresentation.masterPlaylist(v.renditions())
                .orElseThrow(() -> ApiException.notFound("Clip " + clip + " has nothing to play")));
    }

    @GetMapping("/vod/clips/{clip}/{rendition}/index.m3u8")
    public ResponseEntity<String> clipMedia(@PathVariable("clip") String clip,
            @PathVariable("rendition") String rendition) {
        ReplayView v = clips.view(clip).replay();
        return text(v, M3U8, playlist(v, rendition));
    }

    @GetMapping("/vod/clips/{clip}/manifest.mpd")
    public ResponseEntity<String> clipMpd(@PathVariable("clip") String clip) {
        ClipService.ClipView c = clips.view(clip);
        return text(c.replay(), MPD, VodPresentation.dashManifest(c.replay().renditions(), c.clip().createdAt())
                .orElseThrow(() -> ApiException.notFound("Clip " + clip + " has no DASH manifest")));
    }

    @GetMapping("/vod/clips/{clip}/{rendition}/{file}")
    public ResponseEntity<?> clipFile(@PathVariable("clip") String clip, @PathVariable("rendition") String rendition,
            @PathVariable("file") String file) throws IOException {
        ClipService.ClipView c = clips.view(clip);
        return media(c.replay(), rendition, file, c.clip().firstSequence(), c.clip().lastSequence());
    }

    // ---- shared ----

    /**
     * A live recording longer than the DVR window is cut to the window, by the reference rendition's program
     * date-times, in every rendition alike.
     */
    private ReplayView dvr(ReplayView v) {
        Optional<VodRendition> ref = v.reference().filter(r -> !r.segments().isEmpty());
        if (!v.broadcast().live() || ref.isEmpty()) {
            return v;
        }
        VodSegment last = ref.get().segments().getLast();
        Instant from = last.programDateTime().minus(replays.settings().dvrWindow());
        if (!ref.get().segments().getFirst().programDateTime().isBefore(from)) {
            return v;
        }
        long firstKept = ref.get().segments().stream().filter(s -> !s.programDateTime().isBefore(from))
                .mapToLong(VodSegment::sequence).findFirst().orElse(last.sequence());
        // RFC 8216 §6.2.2: a window that drops a discontinuity counts it in EXT-X-DISCONTINUITY-SEQUENCE.
        long dropped = ref.get().segments().stream().skip(1)
                .filter(s -> s.sequence() < firstKept && s.discontinuity()).count();
        return new ReplayView(v.broadcast(), v.renditions().stream()
                .map(r -> new VodRendition(r.name(), r.track(), r.extension(),
                        r.segments().stream().filter(s -> s.sequence() >= firstKept).toList()))
                .toList(), dropped, true);
    }

    private static String playlist(ReplayView v, String rendition) {
        VodRendition r = v.rendition(rendition).filter(x -> !x.segments().isEmpty())
                .orElseThrow(() -> ApiException.notFound("No rendition '" + rendition + "' in this replay"));
        VodRendition ref = v.reference().orElse(r);
        // EVENT while the rewind lists the broadcast from its first segment (it only grows), SLIDING once the window
        // dropped the oldest (RFC 8216 §4.3.3.5: an EVENT playlist never removes a segment).
        VodMode mode = !v.broadcast().live() ? VodMode.VOD : v.windowed() ? VodMode.SLIDING : VodMode.EVENT;
        return VodPresentation.mediaPlaylist(r, ref, mode, v.discontinuitySequence());
    }

    private ResponseEntity<?> media(ReplayView v, String rendition, String file, long first, long last)
            throws IOException {
        if (!RENDITION.matcher(rendition).matches()) {
            throw ApiException.notFound("No rendition '" + rendition + "'");
        }
        VodRendition r = v.rendition(rendition)
                .orElseThrow(() -> ApiException.notFound("No rendition '" + rendition + "' in this replay"));
        long id = v.broadcast().id();
        boolean hidden = v.broadcast().hidden();
        Matcher m = SEGMENT.matcher(file);
        if (m.matches() && m.group(2).equals(r.extension())) {
            long sequence = Long.parseLong(m.group(1));
            if (sequence < first || sequence > last || find(r.segments(), sequence).isEmpty()) {
                throw ApiException.notFound("No segment " + sequence + " of " + rendition);
            }
            return blob(ReplayKeys.segment(id, rendition, sequence, r.extension()),
                    r.extension().equals("ts") ? "video/mp2t" : "video/iso.segment", hidden);
        }
        m = INIT.matcher(file);
        if (m.matches()) {
            long number = Long.parseLong(m.group(1));
            boolean used = r.segments().stream().anyMatch(s -> s.init().isPresent() && s.init().getAsLong() == number);
            if (!used) {
                throw ApiException.notFound("No init segment " + number + " of " + rendition);
            }
            return blob(ReplayKeys.init(id, rendition, number), "video/mp4", hidden);
        }
        throw ApiException.notFound("No file '" + file + "'");
    }

    /** Binary search by sequence number (segments are in order): a segment request costs no copy of the index. */
    private static Optional<VodSegment> find(List<VodSegment> segments, long sequence) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = segments.get(mid).sequence();
            if (at < sequence) {
                lo = mid + 1;
            } else if (at > sequence) {
                hi = mid - 1;
            } else {
                return Optional.of(segments.get(mid));
            }
        }
        return Optional.empty();
    }

    /** Stored bytes (immutable: their URI never names other bytes), or a redirect to the store's own URL. */
    private ResponseEntity<?> blob(String key, String type, boolean hidden) throws IOException {
        String cache = hidden ? "private, max-age=31536000, immutable" : "public, max-age=31536000, immutable";
        if (!hidden) {
            Optional<java.net.URI> direct = store.directUrl(key, PRESIGN);
            if (direct.isPresent()) {
                return ResponseEntity.status(HttpStatus.FOUND).location(direct.get())
                        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300").headers(VodController::cors).build();
            }
        }
        byte[] bytes;
        try {
            bytes = store.read(key);
        } catch (io.onair.app.storage.NoSuchBlobException e) {
            throw ApiException.notFound("Not in storage: " + key);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(type)).header(HttpHeaders.CACHE_CONTROL, cache)
                .headers(VodController::cors).body(bytes);
    }

    private ResponseEntity<String> text(ReplayView v, MediaType type, String body) {
        String cache = v.broadcast().hidden() ? "private, no-cache"
                : v.broadcast().ended().isEmpty() ? "public, max-age=1" : "public, max-age=60";
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CACHE_CONTROL, cache)
                .headers(VodController::cors).body(body);
    }

    private static void cors(HttpHeaders h) {
        h.set("Access-Control-Allow-Origin", "*");
        h.set("Access-Control-Expose-Headers", "Content-Length, Cache-Control, Date");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
