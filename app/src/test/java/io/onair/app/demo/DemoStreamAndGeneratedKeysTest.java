package io.onair.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.OnairApplication;
import io.onair.app.e2e.support.HlsClient;
import io.onair.app.e2e.support.MasterPlaylist;
import io.onair.app.e2e.support.Poll;
import io.onair.app.ingest.ChannelKeys;
import io.onair.rtmp.RtmpServer;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a newcomer gets from {@code ./onair} (README "Run it"): with no keys configured, a stream key for
 * {@code studio} is generated once into {@code <data-dir>/stream-keys.properties} (owner-only) and survives a
 * restart; with {@code onair.demo.enabled} the demo channel goes live by itself, and stopping the server stops its
 * ffmpeg. The application is started as {@code java -jar} would, not as the shared test context.
 */
class DemoStreamAndGeneratedKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void demoChannelGoesLiveAndGeneratedKeysSurviveARestart() throws IOException {
        String studioKey;
        int rtmpPort;
        try (ConfigurableApplicationContext app = start("--onair.demo.enabled=true", "--onair.demo.size=320x240",
                "--onair.demo.video-kbps=300")) {
            rtmpPort = app.getBean(RtmpServer.class).port();
            HlsClient http = new HlsClient(URI.create("http://127.0.0.1:"
                    + app.getEnvironment().getProperty("local.server.port") + "/"));
            JsonNode live = Poll.until("the demo channel live", Duration.ofSeconds(30), () -> "status: "
                    + HlsClient.utf8(http.get("/api/channels/demo/status").body()), () -> {
                        HttpResponse<byte[]> r = http.get("/api/channels/demo/status");
                        JsonNode s = new ObjectMapper().readTree(r.body());
                        return r.statusCode() == 200 && s.path("live").asBoolean() ? Optional.of(s) : Optional.empty();
                    });
            assertThat(live.path("stats").path("width").asInt()).isEqualTo(320);
            // The master playlist a player loads the moment the status says live (and keeps: hls.js does not
            // reload it) must already name the demo's audio, the same renditions as a few seconds later.
            MasterPlaylist first = http.master("demo").orElseThrow();
            MasterPlaylist withAudio = Poll.until("a master playlist naming the demo's audio", Duration.ofSeconds(10),
                    () -> "first master:\n" + first.text(), () -> http.master("demo")
                            .filter(m -> m.videoVariant().map(v -> v.codecs().contains("mp4a.40.2")).orElse(false)));
            assertThat(first.videoVariant().orElseThrow().codecs())
                    .as("the master served when the status turned live:\n" + first.text() + "\nlater:\n"
                            + withAudio.text())
                    .contains("avc1.", "mp4a.40.2");
            assertThat(first.mediaPlaylistUris()).isEqualTo(withAudio.mediaPlaylistUris());

            ChannelKeys keys = app.getBean(ChannelKeys.class);
            assertThat(keys.channels()).containsExactlyInAnyOrder("studio", "demo");
            studioKey = keys.keyOf("studio").orElseThrow();
            assertThat(studioKey).hasSizeGreaterThanOrEqualTo(16).matches("[A-Za-z0-9_-]+");
        }
        // Shutting down stops the demo's ffmpeg: no publisher to our RTMP port outlives the server.
        Poll.until("the demo ffmpeg to exit after shutdown", Duration.ofSeconds(15),
                () -> "still running: " + publishersTo(rtmpPort), () -> publishersTo(rtmpPort).isEmpty());

        Path file = dataDir.resolve("stream-keys.properties");
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties stored = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            stored.load(r);
        }
        assertThat(stored.getProperty("studio")).isEqualTo(studioKey);

        try (ConfigurableApplicationContext again = start()) {
            assertThat(again.getBean(ChannelKeys.class).keyOf("studio")).as("the key OBS was given is kept")
                    .contains(studioKey);
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--onair.rtmp.port=0",
                "--onair.http.media-port=0",
                "--onair.rtmp.host=127.0.0.1", "--onair.data-dir=" + dataDir, "--spring.main.banner-mode=off",
                "--onair.hls.end-grace=1s"));
        args.addAll(List.of(extra));
        return SpringApplication.run(OnairApplication.class, args.toArray(String[]::new));
    }

    private static List<String> publishersTo(int rtmpPort) {
        String target = "rtmp://127.0.0.1:" + rtmpPort + "/";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(target)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }
}
