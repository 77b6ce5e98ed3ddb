package io.onair.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.OnairApplication;
import io.onair.app.api.ApiClient;
import io.onair.app.live.LiveSocketClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Chat survives a restart: 55 messages are acknowledged (one over the WebSocket, the rest over REST, then one
 * deleted), the server stops and starts on the same data directory, and a page joining the room gets the last 50
 * that were not deleted, oldest first, with their authors and stream times.
 */
class ChatRestartTest {
    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(OnairApplication.class, "--server.port=0", "--onair.rtmp.port=0",
                "--onair.http.media-port=0",
                "--onair.rtmp.host=127.0.0.1", "--onair.data-dir=" + dataDir, "--spring.main.banner-mode=off",
                "--onair.transcode.enabled=false", "--onair.chat.rate-per-second=100", "--onair.chat.burst=100");
    }

    private static URI base(ConfigurableApplicationContext app) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/");
    }

    @Test
    void lastFiftyMessagesAfterARestart() throws Exception {
        List<String> sent = new ArrayList<>();
        try (ConfigurableApplicationContext app = start()) {
            ApiClient c = new ApiClient(base(app));
            assertThat(c.send("POST", "/api/accounts", Map.of("username", "talker", "email", "t@example.org",
                    "password", "remember me please")).status()).isEqualTo(201);
            assertThat(c.login("talker", "remember me please").status()).isEqualTo(200);
            try (LiveSocketClient ws = new LiveSocketClient(base(app), "talker", c.cookieHeader())) {
                JsonNode welcome = ws.next("welcome", Duration.ofSeconds(5));
                assertThat(welcome.path("chat").path("user").asString()).isEqualTo("talker");
                ws.send("{\"type\":\"send\",\"text\":\"over the socket\",\"nonce\":\"n1\"}");
                JsonNode ack = ws.next("ack", Duration.ofSeconds(5));
                assertThat(ack.path("nonce").asString()).isEqualTo("n1");
                sent.add("over the socket");
            }
            long deleted = 0;
            for (int i = 1; i < 55; i++) {
                ApiClient.Response r = c.send("POST", "/api/channels/talker/chat", Map.of("text", "message " + i));
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                if (i == 40) {
                    deleted = r.json().path("id").asLong();
                } else {
                    sent.add("message " + i);
                }
            }
            assertThat(c.send("DELETE", "/api/channels/talker/chat/" + deleted, null).status()).isEqualTo(204);
        }
        try (ConfigurableApplicationContext app = start();
                LiveSocketClient ws = new LiveSocketClient(base(app), "talker", null)) {
            JsonNode welcome = ws.next("welcome", Duration.ofSeconds(5));
            List<String> texts = new ArrayList<>();
            welcome.path("messages").forEach(m -> texts.add(m.path("text").asString()));
            assertThat(texts).containsExactlyElementsOf(sent.subList(sent.size() - 50, sent.size()));
            JsonNode first = welcome.path("messages").get(0);
            assertThat(first.path("user").asString()).isEqualTo("talker");
            assertThat(first.path("streamTime").isNull()).as("sent while offline").isTrue();
            assertThat(welcome.path("chat").path("canWrite").asBoolean()).as("anonymous").isFalse();
        }
    }
}
