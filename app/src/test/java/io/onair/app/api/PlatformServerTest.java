package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.rtmp.RtmpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real server for the account, channel and API tests: one Spring context shared by every class extending this
 * (same properties), its own H2 file in a temporary data directory, one site admin ({@link #ADMIN}), one static
 * channel, no transcoder (nothing here looks at renditions). Accounts are created through the API, with names
 * unique per test class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onair.rtmp.host=127.0.0.1",
        "onair.rtmp.port=0",
        "onair.http.media-port=0",
        "onair.hls.end-grace=2s",
        "onair.transcode.enabled=false",
        // Webhook receivers in tests listen on 127.0.0.1 (issue 6's SSRF guard refuses it otherwise).
        "onair.webhooks.allow-private=true",
        // Restream destinations in tests are this server's own RTMP port (the same guard).
        "onair.restream.allow-private=true",
        // Issue 7's uploads: small enough that the too-large test sends a few MB, large enough for its test videos.
        "onair.replays.max-upload-bytes=4MB",
        "onair.admin.usernames=" + PlatformServerTest.ADMIN,
        "onair.ingest.keys." + PlatformServerTest.STATIC_CHANNEL + "=static-channel-stream-key",
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlatformServerTest {
    protected static final String ADMIN = "site-admin";
    protected static final String STATIC_CHANNEL = "configured";
    protected static final String PASSWORD = "correct horse battery";

    private static final Path DATA_DIR = tempDir("onair-platform-data-");

    /**
     * The shared data directory, unless the class sets {@code onair.test.data-dir}: a class whose properties make a
     * context of its own needs its own directory too (two contexts on one H2 file and one replay store would share
     * their background work), and a subclass cannot replace this registration (Spring applies it after the
     * subclass's own).
     */
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("onair.data-dir", () -> "${onair.test.data-dir:" + DATA_DIR + "}");
    }

    @LocalServerPort
    protected int httpPort;

    @Autowired
    protected RtmpServer rtmpServer;

    protected URI base() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    protected String rtmpUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpServer.port() + "/live/" + streamKey;
    }

    private final List<ExternalProcess> publishers = new ArrayList<>();

    /**
     * ffmpeg publishing a 320x240, 15 fps test pattern with a keyframe every second, in real time, for
     * {@code duration}; stopped after the test if still running.
     */
    protected ExternalProcess publish(String streamKey, Duration duration) {
        ExternalProcess p = Ffmpeg.publisher(rtmpUrl(streamKey)).size("320x240").fps(15).gop(15).realtime(true)
                .duration(duration).start();
        publishers.add(p);
        return p;
    }

    @AfterEach
    void stopPublishers() {
        publishers.forEach(ExternalProcess::close);
        publishers.clear();
    }

    protected ApiClient client() {
        return new ApiClient(base());
    }

    /** Signs up (if new) and logs in; the logged-in client. */
    protected ApiClient account(String username) {
        ApiClient c = client();
        ApiClient.Response signUp = c.send("POST", "/api/accounts",
                Map.of("username", username, "email", username + "@example.org", "password", PASSWORD));
        assertThat(signUp.status()).as(signUp.toString()).isIn(201, 409);
        ApiClient.Response login = c.login(username, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return c;
    }

    /** A data directory of its own, deleted on exit if empty. */
    protected static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
