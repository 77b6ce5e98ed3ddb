package io.onair.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.onair.app.OnairApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real application with a bad storage setting: start-up stops, what the operator sees names the key, and the
 * failure report Boot prints does not echo the S3 secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoragePropertiesStartupTest {
    @TempDir
    Path dataDir;

    @Test
    void aSecretKeyWithoutAnAccessKeyStopsStartNamingTheKeyWithoutPrintingTheSecret(CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--onair.rtmp.port=0", "--onair.http.media-port=0", "--onair.rtmp.host=127.0.0.1",
                "--onair.data-dir=" + dataDir, "--spring.main.banner-mode=off",
                "--onair.ingest.keys.good=a-perfectly-good-stream-key-1", "--onair.transcode.enabled=false",
                "--onair.storage.type=s3", "--onair.storage.s3.bucket=vods",
                "--onair.storage.s3.secret-key=wJalrXUtnFEMIK7MDENGbPxRfiCY"));
        ConfigurableApplicationContext[] started = new ConfigurableApplicationContext[1];
        Throwable failure = catchThrowable(() -> started[0] = SpringApplication.run(OnairApplication.class,
                args.toArray(String[]::new)));
        if (started[0] != null) {
            started[0].close();
        }

        assertThat(failure).isNotNull();
        StringBuilder seen = new StringBuilder(output.getAll());
        for (Throwable c = failure; c != null; c = c.getCause()) {
            seen.append('\n').append(c);
        }
        assertThat(seen.toString())
                .contains("onair.storage.s3.access-key: set both access-key and secret-key, or neither")
                .doesNotContain("wJalrXUtnFEMIK7MDENGbPxRfiCY");
    }
}
