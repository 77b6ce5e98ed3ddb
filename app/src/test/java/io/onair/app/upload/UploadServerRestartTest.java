package io.onair.app.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.onair.app.OnairApplication;
import io.onair.app.api.ApiClient;
import io.onair.app.e2e.support.Poll;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The test with a real restart: the whole server is stopped (a clean shutdown) while an upload is being
 * transcoded and started again on the same data directory (H2 file and disk storage); the job is queued again
 * without the interrupted attempt counting against it, restarts from scratch and ends done, and the replay was
 * never listed before it was whole. (UploadRestartTest covers a killed server, whose job stays marked running.)
 */
class UploadServerRestartTest {
    private static final String OWNER = "rs-owner";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(OnairApplication.class, "--server.port=0", "--onair.rtmp.port=0",
                "--onair.http.media-port=0",
                "--onair.rtmp.host=127.0.0.1", "--onair.data-dir=" + dataDir, "--spring.main.banner-mode=off",
                "--onair.transcode.enabled=false");
    }

    private static URI base(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/");
    }

    private static ApiClient owner(ConfigurableApplicationContext app, boolean signUp) {
        ApiClient c = new ApiClient(base(app));
        if (signUp) {
            assertThat(c.send("POST", "/api/accounts", Map.of("username", OWNER, "email", OWNER + "@example.org",
                    "password", PASSWORD)).status()).isEqualTo(201);
        }
        assertThat(c.login(OWNER, PASSWORD).status()).isEqualTo(200);
        return c;
    }

    private static JsonNode job(ApiClient owner) {
        return owner.get("/api/channels/" + OWNER + "/uploads").json().path("jobs").get(0);
    }

    @Test
    void aJobRunningWhenTheServerStopsRestartsFromScratchAfterItStarts() {
        Path video = UploadRequests.video(files, "trip.mp4", 40, "854x480");
        long replay;
        try (ConfigurableApplicationContext app = start()) {
            ApiClient owner = owner(app, true);
            ApiClient.Response r = UploadRequests.upload(base(app), owner, OWNER, "trip.mp4",
                    UploadRequests.bytes(video), "Trip");
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            replay = r.json().path("replay").asLong();
            JsonNode running = Poll.until("the job transcoding", Duration.ofSeconds(90), () -> job(owner).toString(),
                    () -> Optional.of(job(owner)).filter(j -> j.path("progress").asDouble() > 0
                            || j.path("state").asString().equals("done")));
            assertThat(running.path("state").asString()).as("stopped in the middle: %s", running)
                    .isEqualTo("running");
            assertThat(new ApiClient(base(app)).get("/api/channels/" + OWNER + "/replays").json()).isEmpty();
        }
        try (ConfigurableApplicationContext app = start()) {
            ApiClient owner = owner(app, false);
            ApiClient visitor = new ApiClient(base(app));
            JsonNode done = Poll.until("the job done after the restart", Duration.ofMinutes(3),
                    () -> job(owner).toString(), () -> {
                        JsonNode listed = visitor.get("/api/channels/" + OWNER + "/replays").json();
                        JsonNode j = job(owner);
                        if (!j.path("state").asString().equals("done")) {
                            assertThat(listed).as("listed before it was done").isEmpty();
                        }
                        return Optional.of(j).filter(x -> x.path("state").asString().equals("done"));
                    });
            // the interrupted attempt was the server's doing: it does not count
            assertThat(done.path("attempts").asInt()).isEqualTo(1);
            JsonNode r = visitor.get("/api/replays/" + replay).json();
            assertThat(r.path("origin").asString()).isEqualTo("upload");
            assertThat(r.path("title").asString()).isEqualTo("Trip");
            assertThat(r.path("duration").asDouble()).isCloseTo(40.0, offset(2.1));
            assertThat(visitor.get("/vod/" + replay + "/master.m3u8").body()).contains("360p/index.m3u8");
        }
    }
}
