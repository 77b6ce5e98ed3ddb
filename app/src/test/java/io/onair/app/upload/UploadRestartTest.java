package io.onair.app.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Poll;
import io.onair.app.replay.ReplayKeys;
import io.onair.app.replay.ReplayRepository;
import io.onair.app.storage.BlobStore;
import io.onair.hls.VodSegment;
import io.onair.hls.VodTrack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7: "A server restart during an upload transcoding job resumes or restarts the job; nothing is half-listed."
 * The server's job runner is stopped the way a killed server stops (its ffmpeg killed mid-transcode, the job's row
 * left {@code running}), a half-packaged attempt's leftovers are added (a segment object and its index rows, as a
 * crash during packaging leaves them), and the runner is started again, which is what a server start does: the job
 * restarts from scratch, ends done with a replay of the whole file, the leftovers are gone, and an anonymous
 * visitor polling the channel's replays all along never saw the upload before it was whole. A job interrupted
 * {@value UploadRunner#MAX_ATTEMPTS} times fails instead, with nothing of it listed or kept.
 */
class UploadRestartTest extends PlatformServerTest {
    private static final String OWNER = "ur-owner";
    private static final String UPLOADS = "/api/channels/" + OWNER + "/uploads";

    @TempDir
    static Path dir;

    @Autowired
    UploadRunner runner;
    @Autowired
    BlobStore store;
    @Autowired
    ReplayRepository replays;
    @Autowired
    JdbcClient jdbc;

    private ApiClient owner;
    private Path video;

    @BeforeAll
    void setUp() {
        owner = account(OWNER);
        // 40 s: several seconds of transcoding on any machine, time to stop it in the middle
        video = UploadRequests.video(dir, "long.mp4", 40, "854x480");
    }

    /** Whatever a test did to the runner, the shared server goes on with a running one. */
    @AfterEach
    void runnerRunning() {
        try {
            runner.start();
        } catch (IllegalStateException alreadyStarted) {
            // fine
        }
    }

    private JsonNode job(long id) {
        JsonNode list = owner.get(UPLOADS).json().path("jobs");
        return StreamSupport.stream(list.spliterator(), false).filter(j -> j.path("id").asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + id + " in " + list));
    }

    private long[] upload(String name) {
        ApiClient.Response r = UploadRequests.upload(base(), owner, OWNER, name, UploadRequests.bytes(video), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return new long[] {r.json().path("id").asLong(), r.json().path("replay").asLong()};
    }

    /** Waits until job {@code id} is transcoding (ffmpeg reported progress), then stops the runner like a crash. */
    private void crashWhileTranscoding(long id) throws InterruptedException {
        JsonNode running = Poll.until("job " + id + " transcoding", Duration.ofSeconds(90), () -> job(id).toString(),
                () -> Optional.of(job(id)).filter(j -> !j.path("state").asString().equals("queued")
                        && (j.path("progress").asDouble() > 0 || !j.path("state").asString().equals("running"))));
        assertThat(running.path("state").asString()).as("stopped in the middle: %s", running).isEqualTo("running");
        runner.crash();
        assertThat(runner.running(id)).isFalse();
        JsonNode left = job(id);
        assertThat(left.path("state").asString()).as("a killed server leaves its job running").isEqualTo("running");
        assertThat(left.path("progress").asDouble()).isBetween(0.0, 0.9);
    }

    @Test
    void aJobInterruptedByAStopRestartsFromScratchAndIsNeverHalfListed() throws Exception {
        // an anonymous visitor watching the channel's replays the whole time
        ConcurrentLinkedQueue<String> sightings = new ConcurrentLinkedQueue<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        ApiClient visitor = client();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                JsonNode list = visitor.get("/api/channels/" + OWNER + "/replays").json();
                for (JsonNode r : list) {
                    sightings.add(r.path("id").asLong() + " " + r.path("origin").asString() + " "
                            + r.path("duration").asDouble() + " " + !r.path("endedAt").isNull());
                }
                Poll.pause(Duration.ofMillis(50));
            }
        });

        long[] uploaded = upload("long.mp4");
        long id = uploaded[0];
        long replay = uploaded[1];
        crashWhileTranscoding(id);

        // what a crash during packaging would also have left: an object and its index rows
        String leftover = ReplayKeys.segment(replay, "source", 1, "m4s");
        store.put(leftover, new byte[1000], "video/iso.segment");
        replays.addRendition(replay, "source", new VodTrack(false, "avc1.64001f", 854, 480, OptionalDouble.of(30), 0,
                0), "m4s");
        replays.addSegment(replay, "source", new VodSegment(1, 0, 180_000, false, Instant.now(), OptionalLong.empty(),
                1000), leftover, 2000);
        assertThat(client().get("/api/replays/" + replay).status()).isEqualTo(404);
        assertThat(client().get("/vod/" + replay + "/master.m3u8").status()).isEqualTo(404);

        runner.start(); // what a server start does
        JsonNode done = Poll.until("the restarted job done", Duration.ofMinutes(3), () -> job(id).toString(),
                () -> Optional.of(job(id)).filter(j -> j.path("state").asString().equals("done")));
        assertThat(done.path("attempts").asInt()).as("restarted once, from scratch").isEqualTo(2);
        Poll.until("the visitor sees the replay", Duration.ofSeconds(10), sightings::toString,
                () -> sightings.stream().filter(s -> s.startsWith(replay + " ")).findFirst());
        watching.set(false);
        watcher.join();

        assertThat(store.stat(leftover)).as("the interrupted attempt's leftovers are deleted").isEmpty();
        String media = client().get("/vod/" + replay + "/source/index.m3u8").body();
        assertThat(media).doesNotContain("\n1.m4s").contains("#EXT-X-ENDLIST");
        JsonNode r = client().get("/api/replays/" + replay).json();
        assertThat(r.path("origin").asString()).isEqualTo("upload");
        double duration = r.path("duration").asDouble();
        assertThat(duration).isCloseTo(40.0, offset(2.1));
        ExternalProcess copy = ExternalProcess.start("ffmpeg copy", List.of("ffmpeg", "-v", "error", "-i",
                base().resolve("/vod/" + replay + "/master.m3u8").toString(), "-map", "0", "-c", "copy", "-f",
                "null", "-"));
        copy.assertSucceeds(Duration.ofSeconds(60));
        assertThat(copy.stderr()).isBlank();

        // never half-listed: every time the visitor saw it, it was the whole replay
        List<String> seen = sightings.stream().filter(s -> s.startsWith(replay + " ")).distinct().toList();
        assertThat(seen).as("what the visitor saw of the upload").allMatch(s -> s.equals(replay + " upload "
                + duration + " true"));
        assertThat(store.list("uploads/")).as("the uploaded file, once the replay is made").isEmpty();
    }

    @Test
    void aJobInterruptedOnItsLastAttemptFailsAndLeavesNothing() throws Exception {
        long[] uploaded = upload("unlucky.mp4");
        long id = uploaded[0];
        long replay = uploaded[1];
        crashWhileTranscoding(id);
        // as if the server had died during this job twice before
        jdbc.sql("update upload_job set attempts = ? where id = ?").params(UploadRunner.MAX_ATTEMPTS, id).update();

        runner.start();
        JsonNode failed = job(id);
        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).isEqualTo("the server stopped during each of 3 attempts");
        assertThat(client().get("/api/replays/" + replay).status()).isEqualTo(404);
        assertThat(owner.get("/api/channels/" + OWNER + "/replays").json())
                .noneMatch(r -> r.path("id").asLong() == replay);
        assertThat(store.list(ReplayKeys.prefix(replay))).isEmpty();
        // the owner removes the failed job; its broadcast row goes with it
        assertThat(owner.send("DELETE", UPLOADS + "/" + id, null).status()).isEqualTo(204);
        assertThat(replays.find(replay)).isEmpty();
    }
}
