package io.onair.app.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.Poll;
import io.onair.app.replay.ReplayKeys;
import io.onair.app.storage.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7's uploads on the real server (real ffmpeg and ffprobe, H2, disk storage, fMP4): the owner uploads 20 s of
 * 854x480 H.264 + AAC; the job runs and the file becomes a replay of origin {@code upload} with the source rendition
 * (854x480) and the configured ladder's rungs below 480 lines (the test context's ladder is the default one, so
 * 360p), the audio as its own rendition, within one segment of 20 s, read end to end by ffprobe and ffmpeg, with
 * identical segment boundaries in every rendition. A text file named {@code .mp4} is refused with ffprobe's reason;
 * a file over {@code onair.replays.max-upload-bytes} (4MB in the test context) is 413; only the owner uploads,
 * lists and cancels, and a cancelled job leaves nothing stored.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploadApiTest extends PlatformServerTest {
    private static final String OWNER = "up-owner";
    private static final String UPLOADS = "/api/channels/" + OWNER + "/uploads";
    /** The issue's tolerance for a replay's duration: one segment (2 s). */
    private static final double ONE_SEGMENT = 2.1;

    @TempDir
    static Path dir;

    @Autowired
    BlobStore store;

    private ApiClient owner;
    private ApiClient viewer;
    private Path video;

    @BeforeAll
    void accounts() {
        owner = account(OWNER);
        viewer = account("up-viewer");
        video = UploadRequests.video(dir, "holiday.mp4", 20, "854x480");
    }

    private ApiClient.Response upload(ApiClient who, String name, byte[] data, String title) {
        return UploadRequests.upload(base(), who, OWNER, name, data, title);
    }

    private JsonNode job(long id) {
        JsonNode list = owner.get(UPLOADS).json().path("jobs");
        return StreamSupport.stream(list.spliterator(), false).filter(j -> j.path("id").asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + id + " in " + list));
    }

    @Test
    @Order(1)
    void theOwnersUploadBecomesAReplayOfTheLadderWithAlignedSegments() throws IOException {
        Instant before = Instant.now();
        ApiClient.Response accepted = upload(owner, "holiday.mp4", UploadRequests.bytes(video), "Our holiday");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode job = accepted.json();
        assertThat(job.path("state").asString()).isIn("queued", "running");
        assertThat(job.path("fileName").asString()).isEqualTo("holiday.mp4");
        assertThat(job.path("bytes").asLong()).isEqualTo(Files.size(video));
        long id = job.path("id").asLong();
        long replay = job.path("replay").asLong();

        List<Double> progress = new ArrayList<>();
        JsonNode done = Poll.until("the upload job done", Duration.ofMinutes(3), () -> job(id).toString(), () -> {
            JsonNode j = job(id);
            progress.add(j.path("progress").asDouble());
            assertThat(j.path("state").asString()).as(j.toString()).isNotEqualTo("failed");
            if (!j.path("state").asString().equals("done")) {
                // Nothing of it is listed or playable before it is done. The job may finish between reading its
                // state and these requests: a 200 is only right if the job is done by now.
                for (String path : List.of("/api/replays/" + replay, "/vod/" + replay + "/master.m3u8")) {
                    if (client().get(path).status() != 404) {
                        assertThat(job(id).path("state").asString()).as(path + " answered before the job was done")
                                .isEqualTo("done");
                    }
                }
            }
            return Optional.of(j).filter(x -> x.path("state").asString().equals("done"));
        });
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.path("page").asString()).isEqualTo("/videos/" + replay);
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        assertThat(progress).as("progress only grows").isSorted();

        JsonNode listed = client().get("/api/channels/" + OWNER + "/replays").json();
        assertThat(listed).hasSize(1);
        JsonNode r = listed.get(0);
        assertThat(r.path("id").asLong()).isEqualTo(replay);
        assertThat(r.path("origin").asString()).isEqualTo("upload");
        assertThat(r.path("title").asString()).isEqualTo("Our holiday");
        assertThat(r.path("live").asBoolean()).isFalse();
        assertThat(r.path("duration").asDouble()).isCloseTo(20.0, offset(ONE_SEGMENT));
        assertThat(Instant.parse(r.path("startedAt").asString())).isBetween(before.minusSeconds(1), Instant.now());

        ApiClient.Response master = client().get("/vod/" + replay + "/master.m3u8");
        assertThat(master.status()).as(master.toString()).isEqualTo(200);
        assertThat(master.body()).contains("source/index.m3u8", "360p/index.m3u8", "audio/index.m3u8",
                "RESOLUTION=854x480", "RESOLUTION=640x360").doesNotContain("480p/", "720p/");

        // ffprobe and ffmpeg read it end to end, with the file's duration and both tracks
        String url = base().resolve("/vod/" + replay + "/master.m3u8").toString();
        JsonNode probe = Ffprobe.streams(url);
        assertThat(probe.path("format").path("duration").asDouble()).isCloseTo(20.0, offset(ONE_SEGMENT));
        assertThat(Ffprobe.streamsByType(probe)).containsKeys("video", "audio");
        ExternalProcess copy = ExternalProcess.start("ffmpeg copy", List.of("ffmpeg", "-v", "error", "-i", url,
                "-map", "0", "-c", "copy", "-f", "null", "-"));
        copy.assertSucceeds(Duration.ofSeconds(60));
        assertThat(copy.stderr()).as("ffmpeg's errors reading the upload").isBlank();

        // the same segments (numbers and durations) in every rendition; every video segment starts with a keyframe
        // at the same instant in both video renditions
        List<String> source = segments(replay, "source");
        assertThat(source).hasSizeBetween(9, 11);
        assertThat(segments(replay, "360p")).isEqualTo(source);
        assertThat(segments(replay, "audio")).extracting(s -> s.split(" ")[0])
                .isEqualTo(source.stream().map(s -> s.split(" ")[0]).toList());
        List<Long> sourceKeys = keyframes(replay, "source");
        assertThat(sourceKeys).hasSize(source.size());
        assertThat(keyframes(replay, "360p")).isEqualTo(sourceKeys);

        // program date-times start at the upload
        String media = client().get("/vod/" + replay + "/source/index.m3u8").body();
        assertThat(media).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "#EXT-X-MAP:URI=\"init-");
        Instant pdt = Instant.parse(media.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:"))
                .findFirst().orElseThrow().substring("#EXT-X-PROGRAM-DATE-TIME:".length()));
        assertThat(pdt).isEqualTo(Instant.parse(job.path("createdAt").asString()).truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));

        // the uploaded file is not kept once the replay is made
        assertThat(store.list("uploads/")).isEmpty();
        // thumbnails follow, as for any replay that ended
        Poll.until("the thumbnail strip", Duration.ofSeconds(60), () -> "", () -> Optional
                .of(client().get("/api/replays/" + replay).json().path("thumbnails")).filter(t -> t.path("count")
                        .asInt() > 0));
    }

    /** Each segment of a rendition's VOD playlist as "sequence duration". */
    private List<String> segments(long replay, String rendition) {
        String playlist = client().get("/vod/" + replay + "/" + rendition + "/index.m3u8").body();
        List<String> out = new ArrayList<>();
        String extinf = null;
        for (String line : playlist.lines().toList()) {
            if (line.startsWith("#EXTINF:")) {
                extinf = line.substring("#EXTINF:".length(), line.indexOf(','));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.substring(0, line.indexOf('.')) + " " + extinf);
            }
        }
        return out;
    }

    /** The PTS of every keyframe of a video rendition, as ffprobe reads its playlist. */
    private List<Long> keyframes(long replay, String rendition) {
        JsonNode packets = Ffprobe.packets(base().resolve("/vod/" + replay + "/" + rendition + "/index.m3u8")
                .toString());
        List<Long> pts = new ArrayList<>();
        for (JsonNode p : packets.path("packets")) {
            if (p.path("codec_type").asString().equals("video") && p.path("flags").asString().startsWith("K")) {
                pts.add(p.path("pts").asLong());
            }
        }
        return pts;
    }

    @Test
    @Order(2)
    void aFileFfprobeCannotReadIsRefusedWithFfprobesReason() {
        int jobs = owner.get(UPLOADS).json().path("jobs").size();
        ApiClient.Response r = upload(owner, "notes.mp4",
                "These are my notes, not a video.\n".repeat(100).getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode error = r.json().path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("file");
        assertThat(error.path("message").asString()).contains("Invalid data found when processing input")
                .doesNotContain("/tmp", "upload-"); // ffprobe's words, not our temporary path
        assertThat(owner.get(UPLOADS).json().path("jobs").size()).isEqualTo(jobs);

        ApiClient.Response audioOnly = upload(owner, "song.mp4", UploadRequests.bytes(UploadRequests.audio(dir)),
                null);
        assertThat(audioOnly.status()).as(audioOnly.toString()).isEqualTo(400);
        assertThat(audioOnly.json().path("errors").get(0).path("message").asString())
                .isEqualTo("has no video stream (ffprobe found audio aac)");

        ApiClient.Response none = owner.send("POST", UPLOADS, Map.of("title", "no file"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().path("errors").get(0).path("field").asString()).isEqualTo("file");
    }

    @Test
    @Order(3)
    void aFileOverTheLimitIs413NamingTheFile() {
        byte[] big = new byte[(4 << 20) + 100_000];
        ApiClient.Response r = upload(owner, "big.mp4", big, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().contains("problem+json");
        assertThat(r.json().path("errors").get(0).path("field").asString()).isEqualTo("file");
        assertThat(r.json().path("errors").get(0).path("message").asString()).contains("4 MB");
        assertThat(owner.get(UPLOADS).json().path("maxBytes").asLong()).isEqualTo(4 << 20);
    }

    @Test
    @Order(4)
    void onlyTheOwnerUploadsListsAndCancels() {
        byte[] data = UploadRequests.bytes(video);
        assertThat(upload(client(), "holiday.mp4", data, null).status()).isEqualTo(401);
        assertThat(upload(viewer, "holiday.mp4", data, null).status()).isEqualTo(403);
        assertThat(client().get(UPLOADS).status()).isEqualTo(401);
        assertThat(viewer.get(UPLOADS).status()).isEqualTo(403);
        assertThat(viewer.send("DELETE", UPLOADS + "/1", null).status()).isEqualTo(403);
        assertThat(owner.send("DELETE", UPLOADS + "/999999", null).status()).isEqualTo(404);
        // a site admin may, as for the channel's replays
        assertThat(account(ADMIN).get(UPLOADS).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aCancelledUploadLeavesNothingStored() throws IOException {
        ApiClient.Response accepted = upload(owner, "cancel-me.mp4", UploadRequests.bytes(video), null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        long id = accepted.json().path("id").asLong();
        long replay = accepted.json().path("replay").asLong();
        assertThat(store.list("uploads/")).hasSize(1);
        // cancel while it is being transcoded (or still queued on a busy machine)
        JsonNode running = Poll.until("the job running", Duration.ofSeconds(60), () -> job(id).toString(),
                () -> Optional.of(job(id)).filter(j -> !j.path("state").asString().equals("queued")));
        assertThat(running.path("state").asString()).as("cancelled while its ffmpeg runs").isEqualTo("running");
        assertThat(owner.send("DELETE", UPLOADS + "/" + id, null).status()).isEqualTo(204);
        assertThat(owner.get(UPLOADS).json().path("jobs")).noneMatch(j -> j.path("id").asLong() == id);
        assertThat(store.list("uploads/")).isEmpty();
        assertThat(store.list(ReplayKeys.prefix(replay))).isEmpty();
        assertThat(owner.get("/api/replays/" + replay).status()).isEqualTo(404);
        assertThat(client().get("/api/channels/" + OWNER + "/replays").json()).hasSize(1); // the first upload only
    }
}
