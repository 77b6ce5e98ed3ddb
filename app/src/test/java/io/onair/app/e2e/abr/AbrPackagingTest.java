package io.onair.app.e2e.abr;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Executables;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.HlsClient;
import io.onair.app.e2e.support.MasterPlaylist;
import io.onair.app.e2e.support.MediaPlaylist;
import io.onair.app.e2e.support.Poll;
import io.onair.rtmp.RtmpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The ABR ladder end to end, with fMP4/CMAF: ffmpeg publishes 30 s of 640x360 H.264 (B-frames, a keyframe every
 * second) + AAC; the server's transcoder adds two small rungs; while it is live, headless Chromium plays the watch
 * page with hls.js (and is forced down to the lowest rendition) and with dash.js; after it ended, ffprobe and
 * GStreamer read every rendition, the master playlist and the MPD.
 *
 * <p>Its own Spring context (fMP4 and a small ladder), so it does not depend on the defaults the MPEG-TS tests run
 * with. The methods run in order: the browser ones need the stream live, the others its final state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onair.rtmp.host=127.0.0.1",
        "onair.rtmp.port=0",
        "onair.http.media-port=0",
        "onair.hls.end-grace=2s",
        "onair.hls.format=fmp4",
        "onair.ingest.keys." + AbrPackagingTest.CHANNEL + "=" + AbrPackagingTest.KEY,
        "onair.ingest.keys." + AbrPackagingTest.KILLED + "=" + AbrPackagingTest.KILLED_KEY,
        "onair.ingest.keys." + AbrPackagingTest.RECONNECT + "=" + AbrPackagingTest.RECONNECT_KEY,
        "onair.transcode.enabled=true",
        "onair.transcode.ladder[0].name=240p",
        "onair.transcode.ladder[0].height=240",
        "onair.transcode.ladder[0].fps=30",
        "onair.transcode.ladder[0].video-kbps=400",
        "onair.transcode.ladder[1].name=144p",
        "onair.transcode.ladder[1].height=144",
        "onair.transcode.ladder[1].fps=30",
        "onair.transcode.ladder[1].video-kbps=200",
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbrPackagingTest {
    static final String CHANNEL = "abr";
    static final String KEY = "abr-e2e-stream-key-0001";
    /** The channel whose transcoder the crash test kills: its own broadcast, so timing never depends on others. */
    static final String KILLED = "abr-killed";
    static final String KILLED_KEY = "abr-killed-stream-key-0001";
    /** The channel whose encoder reconnects (a takeover), after the main broadcast ended. */
    static final String RECONNECT = "abr-reconnect";
    static final String RECONNECT_KEY = "abr-reconnect-stream-key-01";
    private static final Duration SENT = Duration.ofSeconds(30);
    private static final double ONE_FRAME = 1.0 / 30;
    private static final Map<String, Integer> RUNG_KBPS = Map.of("240p", 400, "144p", 200);
    private static final Map<String, Integer> HEIGHT = Map.of("source", 360, "240p", 240, "144p", 144);
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");

    @LocalServerPort
    int httpPort;

    @Autowired
    RtmpServer rtmpServer;

    @TempDir
    static Path files;

    private ExternalProcess publisher;
    private HlsClient hls;
    private Map<String, MediaPlaylist> finals;

    @BeforeAll
    void publish() {
        hls = new HlsClient(URI.create("http://127.0.0.1:" + httpPort + "/"));
        publisher = Ffmpeg.publisher("rtmp://127.0.0.1:" + rtmpServer.port() + "/live/" + KEY)
                .size("640x360").fps(30).gop(30).bFrames(2).realtime(true).duration(SENT).start();
        Poll.until("the master playlist with both rungs", Duration.ofSeconds(30), this::diagnostics,
                () -> hls.master(CHANNEL).filter(m -> m.variants().size() >= 4).isPresent());
    }

    @AfterAll
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
    }

    private String diagnostics() {
        return publisher.describe() + "\nmaster:\n" + hls.text(hls.uri(HlsClient.masterPath(CHANNEL))).orElse("(404)");
    }

    private URI uri(String path) {
        return hls.uri("/live/" + CHANNEL + "/" + path);
    }

    // ---- while live: the browsers ----

    @Test
    @Order(1)
    void hlsJsPlaysEveryRenditionOnOfferAndPlaysOnAfterAForcedSwitchToTheLowest() {
        try (Browser browser = Browser.start()) {
            browser.open(hls.uri("/" + CHANNEL));
            awaitPlaying(browser);
            assertThat(browser.eval("return window.onair.player.engine;")).isEqualTo("hls");
            assertThat(browser.eval("return window.onair.player.levels.map(l => l.height).join(',');"))
                    .as(() -> state(browser)).isEqualTo("144,240,360");
            // The viewer picks the lowest rung in the quality menu.
            browser.eval("const q = document.getElementById('quality'); q.value = '0';"
                    + " q.dispatchEvent(new Event('change')); return null;");
            Poll.until("hls.js playing level 0", Duration.ofSeconds(20), () -> state(browser),
                    () -> Long.valueOf(0).equals(browser.eval("return window.onair.player.level;")));
            double at = currentTime(browser);
            Poll.until("currentTime to advance 2 s past " + at + " after the switch", Duration.ofSeconds(15),
                    () -> state(browser), () -> currentTime(browser) >= at + 2.0);
            assertThat(browser.bodyState()).as(() -> state(browser)).isEqualTo("playing");
            assertThat(browser.eval("return window.onair.player.auto;")).isEqualTo(Boolean.FALSE);
            assertThat(browser.eval("return window.onair.video.videoHeight;")).as(() -> state(browser))
                    .isEqualTo(144L);
        }
    }

    @Test
    @Order(2)
    void dashJsPlaysTheMpd() {
        try (Browser browser = Browser.start()) {
            browser.open(hls.uri("/" + CHANNEL + "?player=dash"));
            awaitPlaying(browser);
            assertThat(browser.eval("return window.onair.player.engine;")).isEqualTo("dash");
            double at = currentTime(browser);
            Poll.until("currentTime to advance 2 s past " + at, Duration.ofSeconds(15), () -> state(browser),
                    () -> currentTime(browser) >= at + 2.0);
            assertThat(browser.eval("return window.onair.player.levels.length;")).as(() -> state(browser))
                    .isEqualTo(3L);
            assertThat(browser.eval("return window.onair.video.error === null;")).isEqualTo(Boolean.TRUE);
        }
    }

    /**
     * Issue 3: "Killing ffmpeg mid-stream: renditions resume, passthrough never stops, players continue." A viewer
     * watches the lowest rung (forced in the quality menu, so the player cannot dodge to the source); the
     * transcoder's ffmpeg is killed with SIGKILL; the page plays on, the source playlist never stops growing, and the
     * rung's playlist grows again after a new ffmpeg started.
     */
    @Test
    @Order(3)
    void killingTheTranscoderMidStreamTheViewerPlaysOnAndTheRenditionsResume() {
        java.util.Set<Long> others = transcoders().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
        try (ExternalProcess killed = Ffmpeg.publisher("rtmp://127.0.0.1:" + rtmpServer.port() + "/live/" + KILLED_KEY)
                .size("640x360").fps(30).gop(30).realtime(true).duration(Duration.ofSeconds(120)).start();
                Browser browser = Browser.start()) {
            Poll.until("the master playlist of " + KILLED + " with both rungs", Duration.ofSeconds(30), killed::describe,
                    () -> hls.master(KILLED).filter(m -> m.variants().size() >= 4).isPresent());
            browser.open(hls.uri("/" + KILLED));
            awaitPlaying(browser);
            browser.eval("const q = document.getElementById('quality'); q.value = '0';"
                    + " q.dispatchEvent(new Event('change')); return null;");
            Poll.until("hls.js playing level 0", Duration.ofSeconds(20), () -> state(browser),
                    () -> Long.valueOf(0).equals(browser.eval("return window.onair.player.level;")));
            ProcessHandle transcoder = transcoders().filter(p -> !others.contains(p.pid())).findFirst().orElseThrow(() -> new AssertionError("no transcoder ffmpeg"));
            long sourceBefore = lastSequence(KILLED, "source");
            long rungBefore = lastSequence(KILLED, "144p");
            double before = currentTime(browser);
            transcoder.destroyForcibly();

            ProcessHandle restarted = Poll.until("a new transcoder ffmpeg", Duration.ofSeconds(5), () -> state(browser),
                    () -> transcoders().filter(p -> !others.contains(p.pid()) && p.pid() != transcoder.pid())
                            .findFirst());
            assertThat(restarted.isAlive()).isTrue();
            Poll.until("the 144p playlist growing again after the restart", Duration.ofSeconds(15),
                    () -> state(browser), () -> lastSequence(KILLED, "144p") >= rungBefore + 2);
            assertThat(lastSequence(KILLED, "source")).as("the passthrough never stopped").isGreaterThan(sourceBefore);
            Poll.until("currentTime 6 s past " + before + " across the restart", Duration.ofSeconds(20),
                    () -> state(browser), () -> currentTime(browser) >= before + 6.0);
            // The page may be buffering for a moment at any instant (a part arriving late on a loaded machine): it
            // must be playing again shortly and never have gone offline or failed.
            Poll.until("data-state=playing after the restart", Duration.ofSeconds(10), () -> state(browser),
                    () -> browser.bodyState().equals("playing"));
            assertThat(browser.eval("return window.onair.video.error === null;")).isEqualTo(Boolean.TRUE);
        }
    }

    /**
     * Transcoders' ffmpeg processes: children of this JVM (the server runs in it) reading stdin, unlike the
     * publishers. Which channel's is which shows by when it appeared.
     */
    private static java.util.stream.Stream<ProcessHandle> transcoders() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> {
            String cmd = p.info().command().orElse("");
            String args = String.join(" ", p.info().arguments().orElse(new String[0]));
            return cmd.endsWith("ffmpeg") && !args.contains("rtmp://") && args.contains("pipe:0");
        });
    }

    private long lastSequence(String channel, String rendition) {
        return hls.media(hls.uri("/live/" + channel + "/" + rendition + "/index.m3u8"))
                .map(p -> p.segments().getLast().sequence()).orElse(-1L);
    }

    private void awaitPlaying(Browser browser) {
        Poll.until("data-state=playing", Duration.ofSeconds(30), () -> state(browser),
                () -> browser.bodyState().equals("playing"));
    }

    private static double currentTime(Browser browser) {
        return ((Number) browser.eval("return window.onair.video.currentTime;")).doubleValue();
    }

    private String state(Browser browser) {
        return "body data-state=" + browser.bodyState() + ", player="
                + browser.eval("return window.onair && window.onair.player ? JSON.stringify(window.onair.player) : null;")
                + "\nbrowser console:\n" + browser.console() + "\n" + publisher.describe();
    }

    // ---- after the end: what ffprobe and GStreamer read ----

    /** Every rendition's final playlist (ENDLIST), read once. */
    private synchronized Map<String, MediaPlaylist> finals() {
        if (finals == null) {
            publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(30)));
            finals = new LinkedHashMap<>();
            for (String r : List.of("source", "240p", "144p", "audio")) {
                finals.put(r, Poll.until("ENDLIST in " + r, Duration.ofSeconds(15), this::diagnostics,
                        () -> hls.media(uri(r + "/index.m3u8")).filter(MediaPlaylist::endList)));
            }
        }
        return finals;
    }

    /** The streamer's dashboard reads this: which renditions viewers get (issue 3: "the streamer is told why"). */
    @Test
    @Order(0)
    void statusApiTellsWhichRenditionsTheTranscoderEncodes() {
        String json = hls.text(hls.uri("/api/channels/" + CHANNEL + "/status")).orElseThrow();
        JsonNode transcode = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).path("transcode");
        assertThat(transcode.path("state").asString()).as(json).isEqualTo("RUNNING");
        assertThat(transcode.path("active").values()).extracting(JsonNode::asString).as(json)
                .containsExactly("240p", "144p");
        assertThat(transcode.path("restarts").asInt()).as(json).isZero();
    }

    @Test
    @Order(3)
    void masterPlaylistHasTheAudioGroupEveryRungAndAnAudioOnlyVariant() {
        finals();
        MasterPlaylist master = hls.master(CHANNEL).orElseThrow();
        assertThat(master.text()).contains("#EXT-X-VERSION:6\n")
                .contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,"
                        + "URI=\"audio/index.m3u8\"");
        assertThat(master.variants()).extracting(MasterPlaylist.Variant::uri).containsExactly(
                "source/index.m3u8", "240p/index.m3u8", "144p/index.m3u8", "audio/index.m3u8");
        for (MasterPlaylist.Variant v : master.variants()) {
            assertThat(v.attributes()).as(master.text()).containsEntry("AUDIO", "audio")
                    .containsKey("AVERAGE-BANDWIDTH");
            if (v.uri().startsWith("audio")) {
                assertThat(v.codecs()).isEqualTo("mp4a.40.2");
            } else {
                assertThat(v.codecs()).matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2");
                assertThat(v.resolution()).endsWith("x" + HEIGHT.get(v.uri().substring(0, v.uri().indexOf('/'))));
                assertThat(v.attributes()).containsEntry("FRAME-RATE", "30.000");
            }
        }
    }

    @Test
    @Order(4)
    void everyRenditionHasTheSameSegmentNumbersAndDurations() {
        MediaPlaylist source = finals().get("source");
        assertThat(source.text()).contains("#EXT-X-MAP:URI=\"init-");
        for (String r : List.of("240p", "144p", "audio")) {
            MediaPlaylist p = finals().get(r);
            int common = 0;
            for (MediaPlaylist.Segment s : p.segments()) {
                MediaPlaylist.Segment same = source.segments().stream().filter(x -> x.sequence() == s.sequence())
                        .findFirst().orElse(null);
                if (same == null || s == p.segments().getLast()) {
                    continue; // the last segment of each ends where its own last frame does
                }
                common++;
                assertThat(s.uri()).isEqualTo(same.uri());
                assertThat(s.duration()).as(r + " segment " + s.sequence() + "\n" + p.text() + source.text())
                        .isCloseTo(same.duration(), org.assertj.core.data.Offset.offset(ONE_FRAME));
            }
            assertThat(common).as(r + "\n" + p.text() + source.text()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    @Order(5)
    void ffprobeReadsEveryRenditionWithAKeyframeAtEverySegmentStartAndTheRungsBitrate() throws IOException {
        for (String r : List.of("source", "240p", "144p")) {
            JsonNode probe = Ffprobe.streams(uri(r + "/index.m3u8").toString());
            JsonNode video = probe.path("streams").get(0);
            assertThat(video.path("codec_name").asString()).as(r).isEqualTo("h264");
            assertThat(video.path("height").asInt()).as(r).isEqualTo(HEIGHT.get(r));
            MediaPlaylist p = finals().get(r);
            String text = p.text();
            long bytes = 0;
            double seconds = 0;
            for (MediaPlaylist.Segment s : p.segments()) {
                byte[] init = fetch(r + "/" + initFor(text, s.uri()));
                byte[] media = fetch(r + "/" + s.uri());
                Path file = files.resolve(r + "-" + s.sequence() + ".mp4");
                Files.write(file, concat(init, media));
                JsonNode first = Ffprobe.firstVideoFrame(file).path("frames").get(0);
                assertThat(first.path("key_frame").asInt()).as(r + " segment " + s.sequence() + ": " + first)
                        .isEqualTo(1);
                bytes += media.length;
                seconds += s.duration();
            }
            if (RUNG_KBPS.containsKey(r)) {
                double kbps = bytes * 8 / seconds / 1000;
                assertThat(kbps).as(r + " measured bitrate, kbit/s").isCloseTo(RUNG_KBPS.get(r),
                        org.assertj.core.data.Percentage.withPercentage(15));
            }
        }
    }

    @Test
    @Order(6)
    void ffprobeReadsTheMasterPlaylistAndTheMpdAsH264AndAac() {
        finals();
        for (String input : List.of(uri("master.m3u8").toString(), uri("manifest.mpd").toString())) {
            JsonNode probe = Ffprobe.streams(input);
            List<String> codecs = new ArrayList<>();
            probe.path("streams").forEach(s -> codecs.add(s.path("codec_name").asString()));
            assertThat(codecs).as(input + "\n" + probe).contains("h264", "aac");
            double duration = probe.path("format").path("duration").asDouble();
            assertThat(duration).as(input + " duration").isBetween(8.0, SENT.toSeconds() + 1.0);
        }
        assertThat(hls.text(uri("manifest.mpd")).orElseThrow()).contains("type=\"static\"")
                .contains("<Representation id=\"240p\"").contains("<Representation id=\"audio\"");
    }

    @Test
    @Order(7)
    void gstreamerPlaysTheHlsAndTheDashToTheEndWithoutAnError() {
        finals();
        for (String input : List.of(uri("master.m3u8").toString(), uri("manifest.mpd").toString())) {
            List<String> command = List.of(Executables.require("gst-launch-1.0", "gstreamer1.0-tools").toString(),
                    "playbin", "uri=" + input, "video-sink=fakesink sync=false", "audio-sink=fakesink sync=false");
            try (ExternalProcess gst = ExternalProcess.start("gst-launch-1.0", command)) {
                gst.assertSucceeds(Duration.ofSeconds(60));
                assertThat(gst.stdout() + gst.stderr()).as(gst.describe()).doesNotContain("ERROR")
                        .contains("Got EOS");
            }
        }
    }

    @Test
    @Order(8)
    void mpdAndSegmentsAreServedWithTheirTypesAndCaching() {
        HttpResponse<byte[]> mpd = hls.get("/live/" + CHANNEL + "/manifest.mpd");
        assertThat(mpd.statusCode()).isEqualTo(200);
        assertThat(mpd.headers().firstValue("Content-Type").orElse("")).startsWith("application/dash+xml");
        assertThat(mpd.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        MediaPlaylist p = finals().get("240p");
        HttpResponse<byte[]> segment = hls.get("/live/" + CHANNEL + "/240p/" + p.segments().getFirst().uri());
        assertThat(segment.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(segment.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        HttpResponse<byte[]> init = hls.get("/live/" + CHANNEL + "/240p/" + initFor(p.text(), p.segments().getFirst().uri()));
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(new String(init.body(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(hls.get("/live/" + CHANNEL + "/240p/" + p.segments().getFirst().sequence() + ".ts").statusCode())
                .as("the other format's extension").isEqualTo(404);
    }

    /** The EXT-X-MAP in force for the segment {@code uri} of a playlist's text. */
    private static String initFor(String playlist, String uri) {
        String init = null;
        for (String line : playlist.split("\n")) {
            Matcher m = MAP.matcher(line);
            if (m.matches()) {
                init = m.group(1);
            } else if (line.equals(uri)) {
                return init;
            }
        }
        throw new AssertionError("no EXT-X-MAP before " + uri + " in\n" + playlist);
    }

    /**
     * Issue 7: the broadcast became a replay of every rendition, transcoded ones included, with the same segment
     * numbers as live and the same bytes, so replays need no re-encode.
     */
    @Test
    @Order(9)
    void theBroadcastIsAReplayOfEveryRenditionWithTheLiveSegmentsBytes() {
        JsonNode replay = Poll.until("the ended replay", Duration.ofSeconds(30), this::diagnostics, () -> {
            HttpResponse<byte[]> r = hls.send("GET", hls.uri("/api/channels/" + CHANNEL + "/replays"));
            JsonNode list = io.onair.app.api.ApiClient.JSON.readTree(r.body());
            return list.size() == 1 && !list.get(0).path("live").asBoolean() ? java.util.Optional.of(list.get(0))
                    : java.util.Optional.empty();
        });
        long id = replay.path("id").asLong();
        assertThat(replay.path("duration").asDouble()).isCloseTo(SENT.toSeconds(), org.assertj.core.data.Offset.offset(2.1));
        String master = new String(fetchAbsolute("/vod/" + id + "/master.m3u8"), java.nio.charset.StandardCharsets.UTF_8);
        for (String r : List.of("source", "240p", "144p", "audio")) {
            assertThat(master).as(master).contains(r + "/index.m3u8");
            String vod = new String(fetchAbsolute("/vod/" + id + "/" + r + "/index.m3u8"),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(vod).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");
            // the last live segment of each rendition, byte for byte
            MediaPlaylist live = finals().get(r);
            MediaPlaylist.Segment last = live.segments().getLast();
            assertThat(vod).contains(last.uri());
            assertThat(fetchAbsolute("/vod/" + id + "/" + r + "/" + last.uri())).as(r)
                    .isEqualTo(fetch(r + "/" + last.uri()));
        }
        JsonNode probe = Ffprobe.streams(hls.uri("/vod/" + id + "/master.m3u8").toString());
        assertThat(probe.path("format").path("duration").asDouble())
                .isCloseTo(SENT.toSeconds(), org.assertj.core.data.Offset.offset(2.1));
    }

    private byte[] fetchAbsolute(String path) {
        HttpResponse<byte[]> r = hls.send("GET", hls.uri(path));
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    private byte[] fetch(String path) {
        HttpResponse<byte[]> r = hls.send("GET", uri(path));
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("onair-abr-e2e-");
            dir.toFile().deleteOnExit();
            registry.add("onair.data-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- after the main broadcast: an encoder that reconnects ----

    /**
     * OBS reconnecting with the ladder on: the new connection takes over the old one, and the viewers of a rung, not
     * only of the source, watch on after a discontinuity. The old publication's transcoder used to end the rungs'
     * playlists (EXT-X-ENDLIST in the middle of the stream) and the new one started them over as new playlists.
     */
    @Test
    @Order(10)
    void anEncoderThatReconnectsKeepsTheRungsPlaylistsGoingAfterADiscontinuity() {
        String url = "rtmp://127.0.0.1:" + rtmpServer.port() + "/live/" + RECONNECT_KEY;
        URI rung = hls.uri("/live/" + RECONNECT + "/144p/index.m3u8");
        List<MediaPlaylist> seen = new ArrayList<>(); // every reload while the encoder reconnects
        try (ExternalProcess first = Ffmpeg.publisher(url).size("640x360").fps(30).gop(30).realtime(true)
                .duration(Duration.ofSeconds(60)).start()) {
            Poll.until("two segments of " + RECONNECT + "'s 144p", Duration.ofSeconds(30), first::describe,
                    () -> hls.media(rung).filter(p -> p.segments().size() >= 2).isPresent());
            long before = hls.media(rung).orElseThrow().lastSequence();
            try (ExternalProcess second = Ffmpeg.publisher(url).size("640x360").fps(30).gop(30).realtime(true)
                    .duration(Duration.ofSeconds(20)).start()) {
                assertThat(first.awaitExit(Duration.ofSeconds(10))).as("taken over\n" + first.describe()).isTrue();
                MediaPlaylist continued = Poll.until("the 144p playlist continued after a discontinuity",
                        Duration.ofSeconds(30), () -> second.describe() + "\nseen:\n" + (seen.isEmpty() ? "nothing"
                                : seen.getLast().text()), () -> {
                            Optional<MediaPlaylist> now = hls.media(rung);
                            now.ifPresent(seen::add);
                            if (now.filter(MediaPlaylist::endList).isPresent()) {
                                throw new AssertionError("the 144p playlist ended while the encoder reconnected:\n"
                                        + now.get().text());
                            }
                            return now.filter(p -> p.lastSequence() >= before + 2 && p.segments().stream()
                                    .anyMatch(s -> s.discontinuity() && s.sequence() > before));
                        });
                assertThat(continued.segments().stream().filter(MediaPlaylist.Segment::discontinuity))
                        .as(continued.text()).hasSize(1);
                assertThat(second.isAlive()).as(second::describe).isTrue();
            }
        }
    }
}
