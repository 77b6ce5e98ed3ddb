package io.onair.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.Poll;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7 end to end on the real server (fMP4, disk storage in the test's data directory): ffmpeg broadcasts 60 s
 * of H.264 + AAC in real time to an account's channel. While it is live: the replay is listed as live, its playlists
 * are the live rewind (EVENT, no ENDLIST), a viewer chats and clips the last 10 s. After it ended: the replay is a
 * VOD whose duration matches the broadcast within one segment, which ffprobe and ffmpeg read end to end, the static
 * MPD too; the chat replays at its time; the thumbnail strip is made; hiding and deleting work for the owner only,
 * and the clip still plays after its replay was deleted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayEndToEndTest extends PlatformServerTest {
    private static final String OWNER = "rp-owner";
    private static final Duration SENT = Duration.ofSeconds(60);
    /** One segment: the tolerance ("matches within one segment"); segments are 2 s. */
    private static final double ONE_SEGMENT = 2.1;

    @org.springframework.beans.factory.annotation.Autowired
    private ReplayRepository index;
    @org.springframework.beans.factory.annotation.Autowired
    private ReplayWiring.AfterBroadcast afterBroadcast;

    private ApiClient owner;
    private ApiClient viewer;
    private ExternalProcess publisher;
    private long replay;
    private String clip;

    @BeforeAll
    void broadcast() {
        owner = account(OWNER);
        viewer = account("rp-viewer");
        String key = owner.get("/api/channels/" + OWNER + "/stream-key").json().path("streamKey").asString();
        publisher = Ffmpeg.publisher(rtmpUrl(key)).size("320x180").fps(30).gop(30).bFrames(2).realtime(true)
                .duration(SENT).start();
    }

    @AfterAll
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
    }

    private JsonNode replays(ApiClient who) {
        return who.get("/api/channels/" + OWNER + "/replays").json();
    }

    private URI uri(String path) {
        return base().resolve(path);
    }

    @Test
    @Order(1)
    void whileLiveTheReplayIsTheLiveRewindAndAViewerChatsAndClipsTheLastTenSeconds() {
        JsonNode live = Poll.until("a live replay with 20 s recorded", Duration.ofSeconds(45), publisher::describe,
                () -> Optional.of(replays(client())).filter(r -> r.size() == 1 && r.get(0).path("live").asBoolean()
                        && r.get(0).path("duration").asDouble() >= 20).map(r -> r.get(0)));
        replay = live.path("id").asLong();
        assertThat(live.path("playlist").asString()).isEqualTo("/vod/" + replay + "/master.m3u8");

        ApiClient.Response master = client().get("/vod/" + replay + "/master.m3u8");
        assertThat(master.status()).as(master.toString()).isEqualTo(200);
        assertThat(master.body()).contains("source/index.m3u8", "audio/index.m3u8");
        ApiClient.Response media = client().get("/vod/" + replay + "/source/index.m3u8");
        assertThat(media.body()).contains("#EXT-X-PLAYLIST-TYPE:EVENT").doesNotContain("#EXT-X-ENDLIST");

        assertThat(viewer.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", "rewind that")).status())
                .isEqualTo(201);
        assertThat(viewer.send("POST", "/api/channels/" + OWNER + "/donations",
                Map.of("amount", 500, "message", "for the replay")).status()).isEqualTo(201);
        assertThat(client().send("POST", "/api/channels/" + OWNER + "/clips", Map.of("seconds", 10)).status())
                .isEqualTo(401);
        ApiClient.Response made = viewer.send("POST", "/api/channels/" + OWNER + "/clips",
                Map.of("seconds", 10, "title", "that moment"));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        clip = made.json().path("id").asString();
        assertThat(made.json().path("duration").asDouble()).isEqualTo(10.0);
        assertThat(viewer.send("POST", "/api/channels/" + OWNER + "/clips", Map.of("seconds", 61)).body())
                .contains("seconds");
    }

    @Test
    @Order(2)
    void theEndedBroadcastIsAVodOfTheSameDurationThatFfprobeAndFfmpegReadEndToEnd() {
        publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(30)));
        JsonNode ended = Poll.until("the replay ended", Duration.ofSeconds(30), publisher::describe,
                () -> Optional.of(client().get("/api/replays/" + replay).json())
                        .filter(r -> !r.path("live").asBoolean() && !r.path("endedAt").isNull()));
        assertThat(ended.path("duration").asDouble()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(ONE_SEGMENT));
        assertThat(ended.path("incomplete").asBoolean()).isFalse();

        String media = client().get("/vod/" + replay + "/source/index.m3u8").body();
        assertThat(media).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "#EXT-X-MAP:URI=\"init-");

        String master = uri("/vod/" + replay + "/master.m3u8").toString();
        JsonNode format = Ffprobe.streams(master).path("format");
        assertThat(format.path("duration").asDouble()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(ONE_SEGMENT));
        assertThat(Ffprobe.streamsByType(Ffprobe.streams(master))).containsKeys("video", "audio");
        ExternalProcess copy = ExternalProcess.start("ffmpeg copy", List.of("ffmpeg", "-v", "error", "-i", master,
                "-map", "0", "-c", "copy", "-f", "null", "-"));
        copy.assertSucceeds(Duration.ofSeconds(60));
        assertThat(copy.stderr()).as("ffmpeg's errors reading the replay").isBlank();

        ApiClient.Response mpd = client().get("/vod/" + replay + "/manifest.mpd");
        assertThat(mpd.status()).isEqualTo(200);
        assertThat(mpd.body()).contains("type=\"static\"").doesNotContain("type=\"dynamic\"");
        JsonNode dash = Ffprobe.streams(uri("/vod/" + replay + "/manifest.mpd").toString()).path("format");
        assertThat(dash.path("duration").asDouble()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(ONE_SEGMENT));
    }

    @Test
    @Order(3)
    void theChatReplaysAtTheTimeItWasSent() {
        JsonNode lines = client().get("/api/replays/" + replay + "/chat").json();
        JsonNode line = Poll.until("the viewer's line", Duration.ofSeconds(1), () -> lines.toString(),
                () -> java.util.stream.StreamSupport.stream(lines.spliterator(), false)
                        .filter(l -> l.path("text").asString().equals("rewind that")).findFirst());
        // Sent once 20 s were recorded, in the first test, well before the 60 s ended.
        assertThat(line.path("offset").asDouble()).isBetween(18.0, 58.0);
        assertThat(line.path("user").asString()).isEqualTo("rp-viewer");
        // A donation made during the broadcast is in its chat replay, at its moment, with what was given.
        JsonNode donation = java.util.stream.StreamSupport.stream(lines.spliterator(), false)
                .filter(l -> !l.path("donation").isNull()).findFirst().orElseThrow(() -> new AssertionError(lines));
        assertThat(donation.path("user").asString()).isEqualTo("rp-viewer");
        assertThat(donation.path("text").asString()).isEqualTo("for the replay");
        assertThat(donation.path("donation").path("amount").asLong()).isEqualTo(500);
        assertThat(donation.path("offset").asDouble()).isBetween(18.0, 58.0);
        JsonNode none = client().get("/api/replays/" + replay + "/chat?from=0&to=5").json();
        assertThat(none).noneMatch(l -> l.path("text").asString().equals("rewind that"));
        // The "went live" line is written before the first segment (position 0): it opens the replay's chat, at 0.
        assertThat(lines.get(0).path("system").asString()).as(lines.toString()).isEqualTo("stream-start");
        assertThat(lines.get(0).path("offset").asDouble()).isZero();
        assertThat(lines.get(lines.size() - 1).path("system").asString()).as(lines.toString()).isEqualTo("stream-end");
    }

    @Test
    @Order(4)
    void theThumbnailStripIsMadeForTheSeekBar() {
        JsonNode thumbs = Poll.until("the thumbnail strip", Duration.ofSeconds(30), () -> "",
                () -> Optional.of(client().get("/api/replays/" + replay).json().path("thumbnails"))
                        .filter(t -> t.path("count").asInt() > 0));
        // 60 s at one every 2 s (max(2 s, duration / 100)): 30 tiles, 10 per row
        assertThat(thumbs.path("interval").asDouble()).isEqualTo(2.0);
        assertThat(thumbs.path("count").asInt()).isBetween(29, 31);
        java.net.http.HttpResponse<byte[]> jpeg = bytes(thumbs.path("url").asString());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.body()).startsWith((byte) 0xFF, (byte) 0xD8); // JPEG SOI

        // A strip a stopped server never made (the broadcast ended by its shutdown): the next start's catch-up
        // makes it. Here the strip is taken away and the start's catch-up run again.
        index.setThumbnails(replay, 0, Duration.ZERO);
        assertThat(client().get("/api/replays/" + replay).json().path("thumbnails").isNull()).isTrue();
        afterBroadcast.catchUp();
        Poll.until("the strip made again by the catch-up", Duration.ofSeconds(30), () -> "",
                () -> Optional.of(client().get("/api/replays/" + replay).json().path("thumbnails"))
                        .filter(t -> t.path("count").asInt() > 0));
    }

    /**
     * A broadcast shorter than one tile's interval, with a single keyframe (an encoder started and stopped at once),
     * gets its one tile.
     */
    @Test
    @Order(4)
    void aReplayOfASecondHasAThumbnailToo() {
        ApiClient brief = account("rp-brief");
        String key = brief.get("/api/channels/rp-brief/stream-key").json().path("streamKey").asString();
        try (ExternalProcess second = Ffmpeg.publisher(rtmpUrl(key)).size("320x180").fps(30).gop(90).realtime(true)
                .duration(Duration.ofMillis(1200)).start()) {
            second.assertSucceeds(Duration.ofSeconds(30));
        }
        JsonNode thumbs = Poll.until("the one-tile strip", Duration.ofSeconds(30), () -> "",
                () -> Optional.of(brief.get("/api/channels/rp-brief/replays").json())
                        .filter(r -> r.size() == 1 && r.get(0).path("thumbnails").path("count").asInt() > 0)
                        .map(r -> r.get(0).path("thumbnails")));
        assertThat(thumbs.path("count").asInt()).isEqualTo(1);
        assertThat(bytes(thumbs.path("url").asString()).body()).startsWith((byte) 0xFF, (byte) 0xD8);
    }

    @Test
    @Order(4)
    void theMp4DownloadIsTheReplayRemuxedIntoOneFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.net.http.HttpResponse<byte[]> mp4 = Poll.until("the MP4 download", Duration.ofSeconds(60), () -> "",
                () -> Optional.of(bytes("/vod/" + replay + "/download.mp4")).filter(r -> r.statusCode() != 503));
        assertThat(mp4.statusCode()).isEqualTo(200);
        assertThat(mp4.headers().firstValue("Content-Disposition")).get().asString().contains("attachment");
        java.nio.file.Path file = dir.resolve("replay.mp4");
        java.nio.file.Files.write(file, mp4.body());
        JsonNode probe = Ffprobe.streams(file.toString());
        assertThat(probe.path("format").path("format_name").asString()).contains("mp4");
        assertThat(probe.path("format").path("duration").asDouble())
                .isCloseTo(60.0, org.assertj.core.data.Offset.offset(ONE_SEGMENT));
        assertThat(Ffprobe.streamsByType(probe)).containsKeys("video", "audio");
    }

    @Test
    @Order(5)
    void onlyTheOwnerHidesAndAHiddenReplayIsGoneForEveryoneElse() {
        assertThat(viewer.send("PATCH", "/api/replays/" + replay, Map.of("hidden", true)).status()).isEqualTo(403);
        assertThat(client().send("PATCH", "/api/replays/" + replay, Map.of("hidden", true)).status()).isEqualTo(401);
        ApiClient.Response hidden = owner.send("PATCH", "/api/replays/" + replay,
                Map.of("hidden", true, "title", "Sunday stream"));
        assertThat(hidden.status()).as(hidden.toString()).isEqualTo(200);
        assertThat(hidden.json().path("title").asString()).isEqualTo("Sunday stream");
        assertThat(client().get("/api/replays/" + replay).status()).isEqualTo(404);
        assertThat(viewer.get("/vod/" + replay + "/master.m3u8").status()).isEqualTo(404);
        assertThat(replays(client())).isEmpty();
        assertThat(owner.get("/vod/" + replay + "/master.m3u8").status()).isEqualTo(200);
        assertThat(replays(owner)).hasSize(1);
        JsonNode usage = owner.get("/api/channels/" + OWNER + "/storage").json();
        assertThat(usage.path("bytes").asLong()).isPositive();
        assertThat(usage.path("replays").asInt()).isEqualTo(1);
        assertThat(viewer.get("/api/channels/" + OWNER + "/storage").status()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void aDeletedReplayIsGoneButItsClipStillPlays() {
        assertThat(viewer.send("DELETE", "/api/replays/" + replay, null).status()).isEqualTo(404); // hidden to her
        assertThat(owner.send("DELETE", "/api/replays/" + replay, null).status()).isEqualTo(204);
        assertThat(owner.get("/api/replays/" + replay).status()).isEqualTo(404);
        assertThat(owner.get("/vod/" + replay + "/master.m3u8").status()).isEqualTo(404);
        assertThat(owner.get("/api/channels/" + OWNER + "/storage").json().path("replays").asInt()).isZero();

        JsonNode c = client().get("/api/clips/" + clip).json();
        assertThat(c.path("title").asString()).isEqualTo("that moment");
        assertThat(c.path("createdBy").asString()).isEqualTo("rp-viewer");
        String master = uri(c.path("playlist").asString()).toString();
        JsonNode format = Ffprobe.streams(master).path("format");
        // the segments covering the last 10 s: 10 s plus at most one segment at each end
        assertThat(format.path("duration").asDouble()).isBetween(10.0 - 0.1, 10.0 + 2 * ONE_SEGMENT);
        ExternalProcess copy = ExternalProcess.start("ffmpeg clip", List.of("ffmpeg", "-v", "error", "-i", master,
                "-map", "0", "-c", "copy", "-f", "null", "-"));
        copy.assertSucceeds(Duration.ofSeconds(30));
        assertThat(copy.stderr()).isBlank();
        assertThat(client().get("/api/channels/" + OWNER + "/clips").json()).hasSize(1);
        // the clipper may delete her clip; another viewer may not
        assertThat(account("rp-other").send("DELETE", "/api/clips/" + clip, null).status()).isEqualTo(403);
        assertThat(viewer.send("DELETE", "/api/clips/" + clip, null).status()).isEqualTo(204);
        assertThat(client().get("/api/clips/" + clip).status()).isEqualTo(404);
    }

    private java.net.http.HttpResponse<byte[]> bytes(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(uri(path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
