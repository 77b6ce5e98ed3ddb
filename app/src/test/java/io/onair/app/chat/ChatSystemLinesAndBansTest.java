package io.onair.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
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
 * Issue 5's chat leftovers on the real server: the stream start and end lines are stored (a page joining later has
 * them in its history, with their stream time) and a take-over writes no second start; a ban removes the banned
 * user's messages for everyone (one {@code deleted} frame naming the user, gone from the history too) while a
 * time-out removes nothing; moderators list the bans in force and unban.
 */
class ChatSystemLinesAndBansTest extends PlatformServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Autowired
    StreamRegistry registry;

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void streamStartAndEndAreStoredChatLines() throws Exception {
        ApiClient owner = account("sl-owner");
        try (LiveSocketClient page = new LiveSocketClient(base(), "sl-owner", null)) {
            page.next("welcome", WAIT);
            Publication first = registry.startPublishing("sl-owner", reason -> { });
            JsonNode start = page.next("chat", WAIT).path("message");
            assertThat(start.path("system").asString()).isEqualTo(ChatMessage.STREAM_START);
            assertThat(start.path("user").isNull()).isTrue();
            assertThat(start.path("streamTime").asDouble()).isZero();

            // A new publish of the same stream takes over: the broadcast goes on, no second start line.
            Publication second = registry.startPublishing("sl-owner", reason -> { });
            assertThat(first.endReason()).contains(EndReason.TAKEN_OVER);
            Thread.sleep(1500);
            owner.send("POST", "/api/channels/sl-owner/chat", Map.of("text", "during the stream"));
            assertThat(page.next("chat", WAIT).path("message").path("text").asString()).isEqualTo("during the stream");

            Thread.sleep(100);
            second.end(EndReason.CLEAN);
            JsonNode end = page.next("chat", WAIT).path("message");
            assertThat(end.path("system").asString()).isEqualTo(ChatMessage.STREAM_END);
            assertThat(end.path("streamTime").asDouble()).as("from the first publisher's start").isGreaterThan(1.5);
        }
        // In the history of a page that joins now, and of the API, in order, with their stream time.
        try (LiveSocketClient later = new LiveSocketClient(base(), "sl-owner", null)) {
            List<JsonNode> history = list(later.next("welcome", WAIT).path("messages"));
            assertThat(history).extracting(m -> m.path("system").isNull() ? m.path("text").asString()
                    : m.path("system").asString())
                    .containsExactly(ChatMessage.STREAM_START, "during the stream", ChatMessage.STREAM_END);
            assertThat(history.get(2).path("streamTime").asDouble()).isGreaterThan(1.5);
        }
        JsonNode api = client().get("/api/channels/sl-owner/chat").json();
        assertThat(api.get(0).path("system").asString()).isEqualTo(ChatMessage.STREAM_START);
        assertThat(api.get(0).path("text").asString()).isEqualTo("The stream started");
    }

    @Test
    void aBanRemovesTheUsersMessagesForEveryoneAndModeratorsUnbanFromTheList() throws Exception {
        ApiClient owner = account("bn-owner");
        ApiClient alice = account("bn-alice");
        ApiClient bob = account("bn-bob");
        String chat = "/api/channels/bn-owner/chat";
        try (LiveSocketClient page = new LiveSocketClient(base(), "bn-owner", null)) {
            page.next("welcome", WAIT);
            for (ApiClient[] who : new ApiClient[][] {{alice}, {bob}, {alice}}) {
                assertThat(who[0].send("POST", chat, Map.of("text", "hello")).status()).isEqualTo(201);
                page.next("chat", WAIT);
            }
            // A time-out removes nothing.
            assertThat(owner.send("PUT", chat + "/bans/bn-bob", Map.of("seconds", 60)).status()).isEqualTo(204);
            assertThat(page.next("moderation", WAIT).path("action").asString()).isEqualTo("timeout");
            assertThat(list(client().get(chat).json())).hasSize(3);

            assertThat(owner.send("PUT", chat + "/bans/bn-alice", Map.of()).status()).isEqualTo(204);
            assertThat(page.next("moderation", WAIT).path("action").asString()).isEqualTo("ban");
            JsonNode deleted = page.next("deleted", WAIT);
            assertThat(deleted.path("user").asString()).isEqualTo("bn-alice");
        }
        assertThat(list(client().get(chat).json())).extracting(m -> m.path("user").asString()).containsExactly("bn-bob");
        try (LiveSocketClient later = new LiveSocketClient(base(), "bn-owner", null)) {
            assertThat(list(later.next("welcome", WAIT).path("messages")))
                    .extracting(m -> m.path("user").asString()).containsExactly("bn-bob");
        }

        // The list of bans in force: moderators only; newest first; a ban has no end.
        ApiClient.Response bans = owner.get(chat + "/bans");
        assertThat(bans.status()).isEqualTo(200);
        assertThat(list(bans.json())).extracting(b -> b.path("username").asString()).containsExactly("bn-alice", "bn-bob");
        assertThat(bans.json().get(0).path("until").isNull()).isTrue();
        assertThat(bans.json().get(1).path("until").isNull()).isFalse();
        assertThat(bob.get(chat + "/bans").status()).isEqualTo(403);
        assertThat(client().get(chat + "/bans").status()).isEqualTo(401);

        assertThat(owner.send("DELETE", chat + "/bans/bn-alice", null).status()).isEqualTo(204);
        assertThat(list(owner.get(chat + "/bans").json())).extracting(b -> b.path("username").asString())
                .containsExactly("bn-bob");
        assertThat(alice.send("POST", chat, Map.of("text", "back")).status()).isEqualTo(201);
    }
}
