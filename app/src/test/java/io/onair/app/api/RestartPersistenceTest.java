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

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(OnairApplication.class, "--server.port=0", "--onair.rtmp.port=0",
                "--onair.http.media-port=0",
                "--onair.rtmp.host=127.0.0.1", "--onair.data-dir=" + dataDir, "--spring.main.banner-mode=off",
                "--onair.transcode.enabled=false");
    }

    private static ApiClient client(ConfigurableApplicationContext app) {
        return new ApiClient(URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                + "/"));
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
