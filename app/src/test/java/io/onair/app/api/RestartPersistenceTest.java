package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.OnairApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Nothing a user typed is lost on restart: the application is started, an account signs up, edits its channel
 * info and creates a token; the application is stopped and started again on the same data directory (the same H2
 * file), and the account logs in with its password, finds its info, its stream key and its token.
 */
class RestartPersistenceTest {
    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--onair.rtmp.port=0",
                "--onair.http.media-port=0",
                "--onair.rtmp.host=127.0.0.1", "--onair.data-dir=" + dataDir, "--spring.main.banner-mode=off",
                "--onair.transcode.enabled=false"));
        args.addAll(List.of(more));
        return SpringApplication.run(OnairApplication.class, args.toArray(String[]::new));
    }

    private static URI base(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/");
    }

    private static ApiClient client(ConfigurableApplicationContext app) {
        return new ApiClient(base(app));
    }

    /**
     * A browser logged in before a restart (or an upgrade) is still logged in after it: sessions are kept in the
     * database. A logout after the restart still ends the session. And a username taken off
     * {@code onair.admin.usernames} is no admin in its stored session after the restart either.
     */
    @Test
    void aLoggedInBrowserStaysLoggedInAcrossARestartAndAnAdminRemovedFromTheConfigIsNoLongerOne() {
        ApiClient browser;
        ApiClient other;
        try (ConfigurableApplicationContext app = start("--onair.admin.usernames=boss")) {
            browser = client(app);
            assertThat(browser.send("POST", "/api/accounts", Map.of("username", "boss", "email", "b@example.org",
                    "password", "remember me please")).status()).isEqualTo(201);
            assertThat(browser.login("boss", "remember me please").status()).isEqualTo(200);
            assertThat(browser.get("/api/me").json().path("admin").asBoolean()).isTrue();
            other = client(app);
            assertThat(other.send("POST", "/api/accounts", Map.of("username", "fan", "email", "f@example.org",
                    "password", "remember me please")).status()).isEqualTo(201);
            assertThat(other.login("fan", "remember me please").status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext app = start()) {
            ApiClient same = browser.sameBrowserAt(base(app));
            ApiClient.Response me = same.get("/api/me");
            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            assertThat(me.json().path("username").asString()).isEqualTo("boss");
            assertThat(me.json().path("admin").asBoolean()).as("no longer in onair.admin.usernames").isFalse();
            assertThat(same.send("PUT", "/api/channels/fan/info", Map.of("title", "not yours")).status())
                    .as("an admin could edit any channel's info; boss no longer can").isEqualTo(403);
            // The session's CSRF token and writes work as before the restart.
            assertThat(same.send("PUT", "/api/channels/boss/info", Map.of("title", "After the upgrade")).status())
                    .isEqualTo(200);
            assertThat(same.send("DELETE", "/api/session", null).status()).isEqualTo(204);
            assertThat(same.get("/api/me").status()).as("logged out").isEqualTo(401);
            ApiClient fan = other.sameBrowserAt(base(app));
            assertThat(fan.get("/api/me").json().path("username").asString()).isEqualTo("fan");
        }
    }

    @Test
    void accountChannelInfoKeyAndTokenSurviveARestart() {
        String key;
        String token;
        try (ConfigurableApplicationContext app = start()) {
            ApiClient c = client(app);
            assertThat(c.send("POST", "/api/accounts", Map.of("username", "keeper", "email", "k@example.org",
                    "password", "remember me please")).status()).isEqualTo(201);
            assertThat(c.login("keeper", "remember me please").status()).isEqualTo(200);
            assertThat(c.send("PUT", "/api/channels/keeper/info", Map.of("title", "Still here", "category", "Talk",
                    "tags", List.of("a", "b"), "language", "en", "goLiveText", "hi")).status()).isEqualTo(200);
            key = c.get("/api/channels/keeper/stream-key").json().path("streamKey").asString();
            token = c.send("POST", "/api/tokens", Map.of("name", "bot")).json().path("token").asString();
        }
        try (ConfigurableApplicationContext app = start()) {
            ApiClient c = client(app);
            assertThat(c.login("keeper", "remember me please").status()).isEqualTo(200);
            JsonNode info = c.get("/api/channels/keeper/status").json().path("info");
            assertThat(info.path("title").asString()).isEqualTo("Still here");
            assertThat(info.path("tags").get(1).asString()).isEqualTo("b");
            assertThat(info.path("goLiveText").asString()).isEqualTo("hi");
            assertThat(c.get("/api/channels/keeper/stream-key").json().path("streamKey").asString()).isEqualTo(key);
            assertThat(client(app).bearer(token).get("/api/me").json().path("username").asString()).isEqualTo("keeper");
            assertThat(app.getBean(io.onair.app.ingest.ChannelKeys.class).channelForKey(key)).contains("keeper");
        }
    }
}
