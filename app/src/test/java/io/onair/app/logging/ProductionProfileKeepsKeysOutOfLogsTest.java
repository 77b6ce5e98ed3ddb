package io.onair.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.OnairApplication;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.rtmp.RtmpServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * README: "{@code --spring.profiles.active=prod} ... keeps stream keys out of the logs." A stream key is a bearer
 * secret and production logs are shipped elsewhere: neither the start-up banner nor a publish (accepted or refused)
 * may print one. (The JSON line format is not asserted here: Logback is configured once per JVM, and the shared
 * test contexts configured it first.)
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionProfileKeepsKeysOutOfLogsTest {
    private static final String KEY = "prod-secret-stream-key-7f3a9c";
    private static final String WRONG_KEY = "prod-wrong-stream-key-1b2c3d";

    @TempDir
    Path dataDir;

    @Test
    void prodProfileLogsNoStreamKeys(CapturedOutput output) {
        try (ConfigurableApplicationContext app = SpringApplication.run(OnairApplication.class,
                "--spring.profiles.active=prod", "--server.port=0", "--onair.rtmp.port=0", "--onair.http.media-port=0",
                "--onair.rtmp.host=127.0.0.1", "--onair.data-dir=" + dataDir, "--onair.ingest.keys.prod=" + KEY)) {
            int port = app.getBean(RtmpServer.class).port();
            try (ExternalProcess accepted = Ffmpeg.publisher("rtmp://127.0.0.1:" + port + "/live/" + KEY)
                    .size("320x240").realtime(false).duration(Duration.ofSeconds(2)).start();
                    ExternalProcess refused = Ffmpeg.publisher("rtmp://127.0.0.1:" + port + "/live/" + WRONG_KEY)
                            .size("320x240").realtime(false).duration(Duration.ofSeconds(2)).start()) {
                accepted.assertSucceeds(Duration.ofSeconds(20));
                assertThat(refused.exitCode(Duration.ofSeconds(20))).as(refused::describe).isNotZero();
            }
        }
        String logs = output.getAll();
        assertThat(logs).as("a publish was logged at all").contains("prod");
        assertThat(logs).doesNotContain(KEY).doesNotContain(WRONG_KEY);
    }
}
