package io.onair.app.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.chat.ChatMessage;
import io.onair.app.live.LiveSocketClient;
import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A channel of a static stream key ({@code onair.ingest.keys}, the demo's) on the real server: it has a chat, can be
 * followed and titled like an account's channel, site admins moderate it, and it takes no money (nobody would
 * receive it) and shows no key (it is in the configuration).
 */
class OperatorChannelTest extends PlatformServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CHAT = "/api/channels/" + STATIC_CHANNEL + "/chat";

    @Autowired
    StreamRegistry registry;

    @Test
    void aStaticKeysChannelHasAChatThatSiteAdminsModerate() throws Exception {
        ApiClient viewer = account("op-viewer");
        ApiClient other = account("op-other");
        ApiClient admin = account(ADMIN);
        try (LiveSocketClient page = new LiveSocketClient(base(), STATIC_CHANNEL, viewer.cookieHeader())) {
            JsonNode chat = page.next("welcome", WAIT).path("chat");
            assertThat(chat.path("enabled").asBoolean()).as(chat.toString()).isTrue();
            assertThat(chat.path("canWrite").asBoolean()).as(chat.toString()).isTrue();
            assertThat(chat.path("canModerate").asBoolean()).isFalse();

            ApiClient.Response posted = viewer.send("POST", CHAT, Map.of("text", "hello demo"));
            assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
            assertThat(page.next("chat", WAIT).path("message").path("text").asString()).isEqualTo("hello demo");

            // The broadcast's start line is written for it as for any channel.
            Publication live = registry.startPublishing(STATIC_CHANNEL, reason -> { });
            assertThat(page.next("chat", WAIT).path("message").path("system").asString())
                    .isEqualTo(ChatMessage.STREAM_START);
            live.end(EndReason.CLEAN);
        }
        // Kept, in the API's history too.
        assertThat(texts(client().get(CHAT).json())).contains("hello demo");

        // Nobody owns it: a viewer cannot moderate, a site admin can.
        assertThat(other.send("POST", CHAT, Map.of("text", "spam")).status()).isEqualTo(201);
        assertThat(viewer.send("PUT", CHAT + "/bans/op-other", Map.of()).status()).isEqualTo(403);
        ApiClient.Response ban = admin.send("PUT", CHAT + "/bans/op-other", Map.of());
        assertThat(ban.status()).as(ban.toString()).isEqualTo(204);
        assertThat(texts(client().get(CHAT).json())).contains("hello demo").doesNotContain("spam");
        assertThat(other.send("POST", CHAT, Map.of("text", "again")).status()).isEqualTo(403);
        try (LiveSocketClient adminPage = new LiveSocketClient(base(), STATIC_CHANNEL, admin.cookieHeader())) {
            assertThat(adminPage.next("welcome", WAIT).path("chat").path("canModerate").asBoolean()).isTrue();
        }
    }

    @Test
    void itCanBeFollowedAndTitledButTakesNoMoneyAndShowsNoKey() {
        ApiClient viewer = account("op-follower");
        ApiClient admin = account(ADMIN);
        String channel = "/api/channels/" + STATIC_CHANNEL;

        assertThat(viewer.send("PUT", channel + "/follow", null).status()).isEqualTo(204);
        JsonNode follow = viewer.get(channel + "/follow").json();
        assertThat(follow.path("following").asBoolean()).isTrue();
        assertThat(follow.path("followers").asLong()).isPositive();
        assertThat(viewer.get("/api/me/following").body()).contains(STATIC_CHANNEL);

        Map<String, Object> info = Map.of("title", "Station ident", "category", "Music");
        assertThat(viewer.send("PUT", channel + "/info", info).status()).isEqualTo(403);
        ApiClient.Response edited = admin.send("PUT", channel + "/info", info);
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(client().get(channel + "/status").json().path("info").path("title").asString())
                .isEqualTo("Station ident");

        ApiClient.Response support = viewer.get(channel + "/support");
        assertThat(support.status()).isEqualTo(404);
        assertThat(support.body()).contains("takes no donations or subscriptions");
        assertThat(viewer.send("POST", channel + "/donations", Map.of("amount", 500)).status()).isEqualTo(404);
        assertThat(viewer.send("POST", channel + "/subscriptions", Map.of("tier", 1)).status()).isEqualTo(404);

        ApiClient.Response key = admin.get(channel + "/stream-key");
        assertThat(key.status()).isEqualTo(403);
        assertThat(key.body()).contains("configuration").doesNotContain("static-channel-stream-key");
    }

    private static List<String> texts(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.path("text").asString()));
        return out;
    }
}
