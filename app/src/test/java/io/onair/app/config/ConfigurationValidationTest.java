package io.onair.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.onair.app.OnairApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * README: "A bad value stops the server with the key named." Each case starts the real application (not the shared
 * test context) with one bad setting and checks that start-up fails and that what the operator sees (the exception
 * and the failure report Boot logs) names the property to fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationValidationTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            // property                  | bad value                   | what the operator must be told
            "onair.ingest.keys.x          | short                       | onair.ingest.keys.x",
            "onair.rtmp.port              | 70000                       | onair.rtmp.port",
            // Shown inside rtmp://…/live: a URL here would make one OBS cannot use.
            "onair.rtmp.public-host       | rtmp://live.example.com     | onair.rtmp.public-host",
            "onair.hls.playlist-segments  | 1                           | onair.hls.playlist-segments",
            "onair.admin.reset-password   | not a user!                 | onair.admin.reset-password",
            "onair.ingest.keys[Bad Name]  | a-perfectly-fine-stream-key | onair.ingest.keys.Bad Name",
            "onair.ingest.keys.live       | a-perfectly-fine-stream-key | onair.ingest.keys.live",
            "onair.ingest.default-channel | Bad Name                    | onair.ingest.default-channel",
            "onair.hls.target-duration    | 100ms                       | onair.hls.target-duration",
            "onair.http.socket-write-buffer | 2MB                       | onair.http.socket-write-buffer",
            "onair.http.media-port       | 70000                       | onair.http.media-port",
            "onair.http.media-max-connections | 0                     | onair.http.media-max-connections",
            "onair.http.media-url        | ftp://cdn.example.com       | onair.http.media-url",
            "onair.replays.dvr-window     | 10s                         | onair.replays.dvr-window",
            // A value that would end the CSP directive and add its own.
            "onair.embed.frame-ancestors  | https://a.example; script-src * | onair.embed.frame-ancestors",
    })
    void badSettingStopsStartupNamingTheProperty(String property, String value, String named, CapturedOutput output) {
        // Valid values for everything else, so start-up can only fail because of the one bad setting.
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("onair.rtmp.port", "0");
        settings.put("onair.http.media-port", "0");
        settings.put("onair.rtmp.host", "127.0.0.1");
        settings.put("onair.data-dir", dataDir.toString());
        settings.put("spring.main.banner-mode", "off");
        settings.put("onair.ingest.keys.good", "a-perfectly-good-stream-key-1");
        settings.put(property, value);
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext[] started = new ConfigurableApplicationContext[1];
        Throwable failure = catchThrowable(() -> started[0] = SpringApplication.run(OnairApplication.class,
                args.toArray(String[]::new)));
        if (started[0] != null) {
            started[0].close();
        }
        assertThat(failure).as("start-up with " + property + "=" + value).isNotNull();
        String seen = messages(failure) + "\n" + output.getAll();
        List<Throwable> causes = new ArrayList<>();
        for (Throwable c = failure; c != null; c = c.getCause()) {
            causes.add(c);
        }
        assertThat(causes).as("fails binding the configuration, not for another reason: " + causes)
                .anyMatch(BindException.class::isInstance);
        assertThat(seen)
                .as("the exception or the failure report names the property")
                .contains(named);
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }
}
