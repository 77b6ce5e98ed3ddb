package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.HlsClient;
import io.onair.app.e2e.support.MediaPlaylist;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The HTTP contract of media delivery that lets any player and any CDN use the origin (README "HTTP API"): CORS on
 * every response, errors included (mediamtx #415, nginx-rtmp #1128); the HLS content types; immutable segments and
 * short-lived playlists; ETags with conditional GET; HEAD; problem+json 404s; malformed paths refused.
 */
class HlsDeliveryHttpTest extends LiveServerTest {
    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    private static final String SEGMENT_TYPE = "video/mp2t";
    private static final String FMP4_TYPE = "video/mp4";
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    private URI master;
    private URI media;
    private URI segment;

    @BeforeAll
    void publishShortStream() {
        ExternalProcess ffmpeg = closeAfterAll(Ffmpeg.publisher(rtmpUrl(keyOf(HTTP)))
                .size("320x240").realtime(false).duration(Duration.ofSeconds(4)).start());
        MediaPlaylist playlist = awaitFinishedStream(HTTP, ffmpeg, Duration.ofSeconds(20));
        master = hls().uri(HlsClient.masterPath(HTTP));
        media = hls().mediaPlaylistUri(HTTP).orElseThrow();
        segment = media.resolve(playlist.segments().getFirst().uri());
    }

    @Test
    void playlistsAreServedAsMpegurlWithCorsAndAShortCacheLifetime() {
        for (URI uri : new URI[] {master, media}) {
            HttpResponse<byte[]> r = hls().send("GET", uri);
            assertThat(r.statusCode()).as("GET " + uri).isEqualTo(200);
            assertThat(header(r, "Content-Type")).as(uri.toString()).startsWith(PLAYLIST_TYPE);
            assertCors(r);
            // Short-lived either way (streaming guide: "short max-age or no-cache"): a plain LL-HLS playlist changes
            // with every part, so it is no-cache; a classic live playlist may be cached for at most a second or two.
            if (!header(r, "Cache-Control").contains("no-cache")) {
                assertThat(maxAge(r)).as("playlist Cache-Control max-age, seconds: " + header(r, "Cache-Control"))
                        .isBetween(0L, 2L);
            }
            assertThat(header(r, "Cache-Control")).doesNotContain("immutable");
            assertThat(header(r, "ETag")).isNotBlank();
            assertThat(HlsClient.utf8(r.body())).startsWith("#EXTM3U");
        }
    }

    /** The segment format this class runs with: the shared context pins MPEG-TS. */
    String expectedSegmentSuffix() {
        return ".ts";
    }

    @Test
    void segmentsAreServedWithTheirMediaTypeWithCorsAndAreImmutable() {
        HttpResponse<byte[]> r = hls().send("GET", segment);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(segment.getPath()).endsWith(expectedSegmentSuffix());
        boolean ts = segment.getPath().endsWith(".ts");
        assertThat(header(r, "Content-Type")).as(segment.toString()).startsWith(ts ? SEGMENT_TYPE : FMP4_TYPE);
        assertCors(r);
        assertThat(header(r, "Cache-Control")).contains("immutable");
        assertThat(maxAge(r)).as("segment max-age").isGreaterThanOrEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(header(r, "ETag")).isNotBlank();
        if (ts) {
            assertThat(r.body().length % 188).isZero();
            assertThat(r.body()[0]).as("TS sync byte").isEqualTo((byte) 0x47);
        }
    }

    @Test
    void theMediaPortAnswersAsTheApplicationPortDoesAndFfprobeReadsTheStreamFromIt() {
        for (URI uri : new URI[] {master, media, segment}) {
            HttpResponse<byte[]> app = hls().send("GET", uri);
            HttpResponse<byte[]> port = hls().send("GET", onMediaPort(uri));
            assertThat(port.statusCode()).as("GET " + onMediaPort(uri)).isEqualTo(app.statusCode()).isEqualTo(200);
            assertThat(port.body()).as(uri.toString()).isEqualTo(app.body());
            for (String name : new String[] {"Content-Type", "Cache-Control", "ETag", "Content-Length",
                    "Access-Control-Allow-Origin", "Access-Control-Expose-Headers"}) {
                assertThat(header(port, name)).as(name + " of " + uri).isEqualTo(header(app, name));
            }
        }
        HttpResponse<byte[]> missing = hls().send("GET", onMediaPort(URI.create(master.toString()
                .replace("/http/", "/nobody/"))));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertCors(missing);
        assertThat(Ffprobe.streamsByType(hls().mediaPlaylistUris(HTTP).stream().map(this::onMediaPort).toList()))
                .containsKeys("video", "audio");
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() {
        for (URI uri : new URI[] {master, media, segment}) {
            HttpResponse<byte[]> get = hls().send("GET", uri);
            HttpResponse<byte[]> head = hls().send("HEAD", uri);
            assertThat(head.statusCode()).as("HEAD " + uri).isEqualTo(200);
            assertThat(head.body()).as("HEAD body of " + uri).isEmpty();
            assertThat(header(head, "Content-Type")).isEqualTo(header(get, "Content-Type"));
            assertThat(header(head, "ETag")).isEqualTo(header(get, "ETag"));
            assertThat(header(head, "Cache-Control")).isEqualTo(header(get, "Cache-Control"));
            assertThat(header(head, "Content-Length")).as("HEAD Content-Length of " + uri)
                    .isEqualTo(String.valueOf(get.body().length));
            assertCors(head);
        }
    }

    @Test
    void ifNoneMatchWithTheEtagAnswersNotModified() {
        for (URI uri : new URI[] {master, media, segment}) {
            String etag = header(hls().send("GET", uri), "ETag");
            HttpResponse<byte[]> r = hls().send("GET", uri, "If-None-Match", etag);
            assertThat(r.statusCode()).as("conditional GET " + uri + " with " + etag).isEqualTo(304);
            assertThat(r.body()).isEmpty();
            assertThat(header(r, "ETag")).isEqualTo(etag);
            assertCors(r);
            HttpResponse<byte[]> other = hls().send("GET", uri, "If-None-Match", "\"some-other-etag\"");
            assertThat(other.statusCode()).as("conditional GET with a stale ETag").isEqualTo(200);
        }
    }

    @Test
    void optionsPreflightAnswersCors() {
        HttpResponse<byte[]> r = hls().send("OPTIONS", segment, "Origin", "https://player.example",
                "Access-Control-Request-Method", "GET");
        assertThat(r.statusCode()).isIn(200, 204);
        assertCors(r);
        assertThat(header(r, "Access-Control-Allow-Methods")).contains("GET");
        assertThat(header(r, "Access-Control-Allow-Headers")).contains("If-None-Match");
        HttpResponse<byte[]> get = hls().send("GET", segment);
        assertCors(get);
        assertThat(get.headers().firstValue("Access-Control-Allow-Methods"))
                .as("preflight-only headers are not repeated on every GET").isEmpty();
    }

    @Test
    void unknownChannelAnswers404ProblemJsonWithCors() {
        HttpResponse<byte[]> r = hls().get(HlsClient.masterPath("nosuchchannel"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
        assertCors(r);
        assertThat(header(r, "Cache-Control")).as("a 404 may become a 200 a moment later").contains("no-cache");
        JsonNode problem = new ObjectMapper().readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asString()).contains("nosuchchannel");
    }

    @Test
    void segmentThatDoesNotExistAnswers404WithCors() {
        URI missing = media.resolve("999999999" + segment.getPath().substring(segment.getPath().lastIndexOf('.')));
        HttpResponse<byte[]> r = hls().send("GET", missing);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
        assertCors(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/live/a/b/c/d.ts",
            "/live/http/source/99999999999999999999999999.ts",
            "/live/http/source/-1.ts",
            "/live/http/source/1.ts.ts",
            "/live/http/source/1e3.ts",
            "/live/Http/master.m3u8",
            "/live/http/master.m3u8x",
            "/live/http/ABCDEFGHIJKLMNOPQRSTUVWXYZ/index.m3u8",
            "/live/",
    })
    void malformedMediaPathsAnswer404WithCors(String path) {
        HttpResponse<byte[]> r = hls().get(path);
        assertThat(r.statusCode()).as("GET " + path + ": " + HlsClient.utf8(r.body())).isEqualTo(404);
        assertCors(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/live/../x", "/live/../../etc/passwd", "/live/%2e%2e/x", "/live/..%2fx",
            "/live/http/../../etc/passwd", "/live/http/source/index.m3u8/..%2F..%2Fmaster.m3u8",
            "/live/http//index.m3u8"})
    void dotSegmentsAndEncodedSlashesNeverServeMedia(String path) {
        // 400 is the container (or the security filter's firewall) refusing an encoded slash, an empty path segment
        // or a path that climbs above the root, before any servlet.
        HttpResponse<byte[]> r = hls().get(path);
        String what = "GET " + path + " -> " + r.statusCode() + " " + header(r, "Content-Type");
        assertThat(r.statusCode()).as(what).isIn(400, 404);
        assertThat(header(r, "Content-Type")).as(what).doesNotStartWith(PLAYLIST_TYPE).doesNotStartWith(SEGMENT_TYPE)
                .doesNotStartWith(FMP4_TYPE);
    }

    private static void assertCors(HttpResponse<byte[]> r) {
        assertThat(header(r, "Access-Control-Allow-Origin")).as("CORS on " + r.statusCode() + " " + r.uri())
                .isEqualTo("*");
    }

    private static long maxAge(HttpResponse<byte[]> r) {
        Matcher m = MAX_AGE.matcher(header(r, "Cache-Control"));
        assertThat(m.find()).as("max-age in Cache-Control: " + header(r, "Cache-Control")).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String header(HttpResponse<byte[]> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }
}
