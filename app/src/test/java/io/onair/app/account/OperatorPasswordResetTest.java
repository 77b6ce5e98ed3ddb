package io.onair.app.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.OnairApplication;
import io.onair.app.api.ApiClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The way back for the admin who forgot their password (nobody else can issue them a link): the operator starts the
 * server with {@code onair.admin.reset-password}, the start-up banner prints a one-time link, and the link sets a new
 * password. Started as {@code java -jar} would, twice on one data directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorPasswordResetTest {
    private static final Pattern LINK = Pattern.compile("http://localhost:(\\d+)/reset-password#([A-Za-z0-9_-]{43})");

    @TempDir
    Path dataDir;

    @Test
    void theStartUpBannerPrintsAOneTimeLinkForTheNamedAccount(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start()) {
            ApiClient c = new ApiClient(base(app));
            assertThat(c.send("POST", "/api/accounts", Map.of("username", "boss", "email", "boss@example.org",
                    "password", "the old forgotten one")).status()).isEqualTo(201);
        }
        int before = output.getOut().length();
        try (ConfigurableApplicationContext app = start("--onair.admin.usernames=boss",
                "--onair.admin.reset-password=Boss")) {
            String banner = output.getOut().substring(before);
            Matcher link = LINK.matcher(banner);
            assertThat(link.find()).as(banner).isTrue();
            assertThat(Integer.parseInt(link.group(1))).isEqualTo(port(app));
            assertThat(banner).contains("Password reset for 'boss'");

            ApiClient c = new ApiClient(base(app));
            assertThat(c.send("POST", "/api/password-reset", Map.of("token", link.group(2),
                    "password", "a new one I will keep")).status()).isEqualTo(200);
            assertThat(c.login("boss", "the old forgotten one").status()).isEqualTo(401);
            assertThat(c.login("boss", "a new one I will keep").status()).isEqualTo(200);
            assertThat(c.get("/api/me").json().path("admin").asBoolean()).isTrue();
        }
        int third = output.getOut().length();
        try (ConfigurableApplicationContext app = start("--onair.admin.reset-password=nobody-here")) {
            assertThat(output.getOut().substring(third))
                    .contains("onair.admin.reset-password: no account named 'nobody-here'")
                    .doesNotContain("/reset-password#");
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--onair.rtmp.port=0",
                "--onair.http.media-port=0", "--onair.rtmp.host=127.0.0.1", "--onair.data-dir=" + dataDir,
                "--spring.main.banner-mode=off", "--onair.transcode.enabled=false"));
        args.addAll(List.of(extra));
        return SpringApplication.run(OnairApplication.class, args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private static URI base(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + port(app) + "/");
    }
}
