package io.onair.app.e2e.llhls;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Executables;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.HlsClient;
import io.onair.app.e2e.support.MediaPlaylist;
import io.onair.app.e2e.support.Poll;
import io.onair.rtmp.RtmpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * LL-HLS end to end (issue 4): ffmpeg publishes 640x360 H.264 (a keyframe every second, no B-frames) + AAC in real
 * time; the server cuts 2 s segments and 0.5 s parts (fMP4, no transcoding: the source and the audio rendition).
 * While live: blocking reloads and the hinted part over HTTP, then headless Chromium plays the watch page with
 * hls.js for 60 s and reports the latency; ffprobe reads the live LL playlists as plain HLS. After the end,
 * GStreamer plays the same URLs to the end.
 *
 * <p>A stall is a {@code waiting} event on the video element after playback started with under 0.25 s buffered
 * ahead of the playhead (the buffer ran dry: what hls.js reports as BUFFER_STALLED_ERROR), or one after which the
 * picture stays frozen for more than half a second; and the playhead must advance within a second of the wall
 * clock over the minute. A {@code waiting} with a full buffer that resumes at once (Chromium's decoder on a busy
 * two-core machine) is listed in the report but not counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onair.rtmp.host=127.0.0.1",
        "onair.rtmp.port=0",
        "onair.http.media-port=0",
        "onair.hls.end-grace=2s",
        "onair.hls.format=fmp4",
        "onair.hls.part-target=500ms",
        "onair.transcode.enabled=false",
        "onair.ingest.keys." + LowLatencyPlaybackTest.CHANNEL + "=" + LowLatencyPlaybackTest.KEY,
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LowLatencyPlaybackTest {
    static final String CHANNEL = "llhls";
    static final String KEY = "llhls-e2e-stream-key-0001";
    /** Start (~5 s), the HTTP checks, the browser's start and 60 s of play, with a margin. */
    private static final Duration SENT = Duration.ofSeconds(85);
    private static final Duration PLAY = Duration.ofSeconds(60);
    /** Generous: the goal is under 2 s; the real figure goes to docs/benchmarks.md. */
    private static final double MAX_MEDIAN_LATENCY = 4.0;
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(\\d+)\\.(\\d+)\\.m4s\"");

    @LocalServerPort
    int httpPort;

    @Autowired
    RtmpServer rtmpServer;

    private ExternalProcess publisher;
    private HlsClient hls;

    @BeforeAll
    void publish() {
        hls = new HlsClient(URI.create("http://127.0.0.1:" + httpPort + "/"));
        publisher = Ffmpeg.publisher("rtmp://127.0.0.1:" + rtmpServer.port() + "/live/" + KEY)
                .size("640x360").fps(30).gop(30).bFrames(0).realtime(true).duration(SENT).start();
        // Both renditions: the audio's first segment is listed a little after the source's (it closes with the
        // first audio frame past the boundary, the source's as the keyframe starts to arrive), and until then the
        // source's playlist has no rendition report for it (seen in CI: checked in the gap).
        Poll.until("source and audio playlists with parts", Duration.ofSeconds(30), this::diagnostics,
                () -> List.of("source", "audio").stream().allMatch(r -> hls.text(uri(r + "/index.m3u8"))
                        .filter(t -> t.contains("#EXT-X-PART:")).isPresent()));
    }

    @AfterAll
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
    }

    private String diagnostics() {
        return publisher.describe() + "\nsource:\n" + hls.text(uri("source/index.m3u8")).orElse("(404)");
    }

    private URI uri(String path) {
        return hls.uri("/live/" + CHANNEL + "/" + path);
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void blockingReloadAndTheHintedPartAreAnsweredWhenThePartIsPublished() {
        for (String rendition : List.of("source", "audio")) {
            String playlist = hls.text(uri(rendition + "/index.m3u8")).orElseThrow();
            assertThat(playlist).as(playlist).contains("#EXT-X-PART-INF:PART-TARGET=0.5\n")
                    .contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=1.5\n")
                    .contains("#EXT-X-RENDITION-REPORT:URI=\"../" + (rendition.equals("source") ? "audio" : "source")
                            + "/index.m3u8\",LAST-MSN=");
            Matcher hint = HINT.matcher(playlist);
            assertThat(hint.find()).as(playlist).isTrue();
            long msn = Long.parseLong(hint.group(1));
            int part = Integer.parseInt(hint.group(2));
            String partUri = msn + "." + part + ".m4s";

            // The hinted part, asked before it exists: held, then sent whole (moof first).
            long t0 = System.nanoTime();
            HttpResponse<byte[]> partResponse = hls.get("/live/" + CHANNEL + "/" + rendition + "/" + partUri);
            double partWait = (System.nanoTime() - t0) / 1e9;
            assertThat(partResponse.statusCode()).as(partUri).isEqualTo(200);
            assertThat(new String(partResponse.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("moof");
            assertThat(partResponse.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
            assertThat(partWait).as("held for the hinted part").isLessThan(1.5);

            // The blocking reload for the part after it: answered once it is listed, with it.
            String next = "_HLS_msn=" + msn + "&_HLS_part=" + (part + 1);
            HttpResponse<byte[]> blocked = hls.get("/live/" + CHANNEL + "/" + rendition + "/index.m3u8?" + next);
            assertThat(blocked.statusCode()).as(text(blocked)).isEqualTo(200);
            String after = text(blocked);
            assertThat(after.contains(msn + "." + (part + 1) + ".m4s\"")
                    || after.contains("\n" + msn + ".m4s\n")).as(after).isTrue();
            assertThat(blocked.headers().firstValue("Cache-Control").orElse("")).isEqualTo("public, max-age=6");

            // Too far ahead: 400 at once (RFC 8216bis §6.2.5.2).
            HttpResponse<byte[]> far = hls.get("/live/" + CHANNEL + "/" + rendition + "/index.m3u8?_HLS_msn="
                    + (msn + 5));
            assertThat(far.statusCode()).as(text(far)).isEqualTo(400);
            assertThat(hls.get("/live/" + CHANNEL + "/" + rendition + "/index.m3u8?_HLS_part=1").statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    @Order(2)
    void hlsJsPlaysSixtySecondsNearTheLiveEdgeWithoutAStall() {
        try (Browser browser = Browser.start()) {
            browser.open(hls.uri("/" + CHANNEL));
            Poll.until("data-state=playing", Duration.ofSeconds(30), () -> state(browser),
                    () -> browser.bodyState().equals("playing"));
            // Every 'waiting' event, with how much was buffered ahead of the playhead and how long until 'playing'.
            browser.eval("performance.setResourceTimingBufferSize(10000); window.__waits = [];"
                    + " const v = window.onair.video;"
                    + " v.addEventListener('waiting', () => { let ahead = 0;"
                    + " for (let i = 0; i < v.buffered.length; i++) if (v.buffered.start(i) <= v.currentTime + 0.05)"
                    + " ahead = Math.max(ahead, v.buffered.end(i) - v.currentTime);"
                    + " window.__waits.push({at: performance.now(), currentTime: v.currentTime, ahead: ahead,"
                    + " frozen: null}); });"
                    + " v.addEventListener('playing', () => { const w = window.__waits[window.__waits.length - 1];"
                    + " if (w && w.frozen === null) w.frozen = (performance.now() - w.at) / 1000; });"
                    + " return null;");
            double start = currentTime(browser);
            long t0 = System.nanoTime();
            List<Double> latencies = new ArrayList<>();
            while (System.nanoTime() - t0 < PLAY.toNanos()) {
                sleep(1000);
                Object l = browser.eval("return window.onair.player.latency;");
                if (l instanceof Number n) {
                    latencies.add(n.doubleValue());
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double played = currentTime(browser) - start;
            String waits = String.valueOf(browser.eval("return JSON.stringify(window.__waits);"));
            // A stall: the buffer ran dry (under 0.25 s ahead, what hls.js reports as BUFFER_STALLED_ERROR) or the
            // picture froze for more than half a second (still waiting at the end counts). A 'waiting' with the
            // buffer full that resumes at once is the decoder catching its breath on a busy machine: reported only.
            long stalls = ((Number) browser.eval("return window.__waits.filter(w => w.ahead < 0.25"
                    + " || w.frozen === null || w.frozen > 0.5).length;")).longValue();
            double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertThat(sorted).as("latency samples: " + state(browser)).hasSizeGreaterThan(50);
            double median = sorted[sorted.length / 2];
            double p95 = sorted[(int) Math.ceil(sorted.length * 0.95) - 1];
            String report = String.format(Locale.ROOT, "LL-HLS hls.js latency over %.0f s: median %.2f s, p95 %.2f s,"
                    + " min %.2f s, max %.2f s (%d samples); played %.1f s; stalls %d", wall, median, p95, sorted[0],
                    sorted[sorted.length - 1], sorted.length, played, stalls) + "; waiting events " + waits;
            System.out.println(report);
            assertThat(stalls).as(report + "\nrequests over 700 ms:\n" + browser.eval("return performance"
                    + ".getEntriesByType('resource').filter(e => e.duration > 700).map(e => Math.round(e.startTime)"
                    + " + ' +' + Math.round(e.duration) + ' ' + e.name.replace(location.origin, '')).join('\\n');")
                    + "\n"
                    + state(browser)).isZero();
            assertThat(played).as(report).isGreaterThan(wall - 1.0);
            assertThat(browser.eval("return document.getElementById('latency').textContent;")).asString()
                    .endsWith("s behind live");
            assertThat(median).as(report).isLessThan(MAX_MEDIAN_LATENCY);
            assertThat(browser.eval("return window.onair.video.error === null;")).isEqualTo(Boolean.TRUE);
        }
    }

    @Test
    @Order(3)
    void ffprobeReadsTheLiveLowLatencyPlaylistsAsPlainHls() {
        String playlist = hls.text(uri("source/index.m3u8")).orElseThrow();
        assertThat(playlist).contains("#EXT-X-PRELOAD-HINT").doesNotContain("#EXT-X-ENDLIST");
        JsonNode probe = Ffprobe.streams(uri("master.m3u8").toString());
        List<String> codecs = new ArrayList<>();
        probe.path("streams").forEach(s -> codecs.add(s.path("codec_name").asString()));
        assertThat(codecs).as(probe.toString()).contains("h264", "aac");
    }

    @Test
    @Order(4)
    void gstreamerPlaysTheSameUrlsToTheEndWithoutAnError() {
        publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(30)));
        MediaPlaylist ended = Poll.until("ENDLIST", Duration.ofSeconds(15), this::diagnostics,
                () -> hls.media(uri("source/index.m3u8")).filter(MediaPlaylist::endList));
        assertThat(ended.text()).contains("#EXT-X-PART:").contains("#EXT-X-PART-INF");
        List<String> command = List.of(Executables.require("gst-launch-1.0", "gstreamer1.0-tools").toString(),
                "playbin", "uri=" + uri("master.m3u8"), "video-sink=fakesink sync=false",
                "audio-sink=fakesink sync=false");
        try (ExternalProcess gst = ExternalProcess.start("gst-launch-1.0", command)) {
            gst.assertSucceeds(Duration.ofSeconds(60));
            assertThat(gst.stdout() + gst.stderr()).as(gst.describe()).doesNotContain("ERROR").contains("Got EOS");
        }
    }

    private static double currentTime(Browser browser) {
        return ((Number) browser.eval("return window.onair.video.currentTime;")).doubleValue();
    }

    private String state(Browser browser) {
        return "body data-state=" + browser.bodyState() + ", player="
                + browser.eval("return window.onair && window.onair.player ? JSON.stringify(window.onair.player) : null;")
                + "\nbrowser console:\n" + browser.console() + "\n" + publisher.describe();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** State (the H2 database, generated keys) in a temporary directory, never in the working tree. */
    @org.springframework.test.context.DynamicPropertySource
    static void dataDir(org.springframework.test.context.DynamicPropertyRegistry registry) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("onair-llhls-e2e-");
        dir.toFile().deleteOnExit();
        registry.add("onair.data-dir", dir::toString);
    }
}
