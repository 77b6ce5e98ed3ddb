package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import io.onair.app.live.LiveSocketClient;
import io.onair.app.replay.ReplayKeys;
import io.onair.app.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A streamer deletes her account while live, with a replay, a clip of her broadcast, a token and a second session:
 * the stream ends, every credential stops working, the channel and its stored replays go (the one still being
 * recorded too, once it ends), the name stays taken and the e-mail address is free again. A site admin deletes a
 * viewer's account: its chat lines leave the open pages and the history of other channels, its follows go, the
 * payment it made stays on the receiving channel's record without its message.
 */
class AccountDeletionTest extends PlatformServerTest {
    private static final String STREAMER = "dl-streamer";
    private static final String FAN = "dl-fan";
    private static final String OTHER = "dl-other";

    @Autowired
    BlobStore store;

    private boolean live() {
        return client().get("/api/channels/" + STREAMER + "/status").json().path("live").asBoolean();
    }

    private List<String> stored(long broadcast) {
        try {
            return store.list(ReplayKeys.prefix(broadcast));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode replays() {
        return client().get("/api/channels/" + STREAMER + "/replays").json();
    }

    @Test
    void aStreamerDeletesHerAccountWhileLiveAndAnAdminDeletesAViewers() throws Exception {
        ApiClient streamer = account(STREAMER);
        ApiClient phone = client();
        assertThat(phone.login(STREAMER, PASSWORD).status()).isEqualTo(200);
        ApiClient fan = account(FAN);
        ApiClient other = account(OTHER);
        String token = streamer.send("POST", "/api/tokens", Map.of("name", "bot")).json().path("token").asString();
        String key = streamer.get("/api/channels/" + STREAMER + "/stream-key").json().path("streamKey").asString();
        assertThat(fan.send("PUT", "/api/channels/" + STREAMER + "/follow", null).status()).isIn(200, 204);
        assertThat(fan.send("PUT", "/api/channels/" + OTHER + "/follow", null).status()).isIn(200, 204);
        assertThat(fan.send("POST", "/api/channels/" + OTHER + "/chat", Map.of("text", "hello from the fan"))
                .status()).isEqualTo(201);
        assertThat(fan.send("POST", "/api/channels/" + OTHER + "/donations",
                Map.of("amount", 700, "message", "the fan's own words")).status()).isEqualTo(201);

        // A first broadcast ends and stays as a replay; a second one is live when the account goes.
        Ffmpeg stream = Ffmpeg.publisher(rtmpUrl(key)).size("320x180").realtime(true);
        try (ExternalProcess first = stream.duration(Duration.ofSeconds(6)).start()) {
            Poll.until("a first replay, ended", Duration.ofSeconds(40), first::describe,
                    () -> replays().size() == 1 && !replays().get(0).path("live").asBoolean());
        }
        long ended = replays().get(0).path("id").asLong();
        assertThat(stored(ended)).as("the first replay's objects").isNotEmpty();
        List<Long> broadcasts = new ArrayList<>(List.of(ended));
        try (ExternalProcess publisher = stream.duration(Duration.ofSeconds(120)).start()) {
            JsonNode recording = Poll.until("live, recording 6 s", Duration.ofSeconds(30), publisher::describe,
                    () -> Optional.of(replays()).filter(r -> r.size() == 2 && r.get(0).path("live").asBoolean()
                            && r.get(0).path("duration").asDouble() >= 6).map(r -> r.get(0)));
            broadcasts.add(recording.path("id").asLong());
            ApiClient.Response clip = fan.send("POST", "/api/channels/" + STREAMER + "/clips", Map.of("seconds", 5));
            assertThat(clip.status()).as(clip.toString()).isEqualTo(201);
            String clipId = clip.json().path("id").asString();

            assertThat(streamer.send("DELETE", "/api/me", Map.of()).json().path("errors").get(0).path("field")
                    .asString()).as("no password").isEqualTo("password");
            ApiClient.Response wrong = streamer.send("DELETE", "/api/me", Map.of("password", "not my password!"));
            assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
            assertThat(wrong.json().path("errors").get(0).path("field").asString()).isEqualTo("password");
            assertThat(live()).as("nothing happened").isTrue();

            ApiClient.Response deleted = streamer.send("DELETE", "/api/me", Map.of("password", PASSWORD));
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
            assertThat(publisher.awaitExit(Duration.ofSeconds(10))).as("the stream was ended: "
                    + publisher.describe()).isTrue();
            assertThat(client().get("/api/clips/" + clipId).status()).as("the clip of her broadcast").isEqualTo(404);
        }
        assertThat(streamer.get("/api/me").status()).as("this session").isEqualTo(401);
        assertThat(phone.get("/api/me").status()).as("the other session").isEqualTo(401);
        assertThat(client().bearer(token).get("/api/me").status()).as("the token").isEqualTo(401);
        assertThat(client().login(STREAMER, PASSWORD).status()).as("the login").isEqualTo(401);
        assertThat(client().get("/api/channels/" + STREAMER).status()).as("the channel").isEqualTo(404);
        assertThat(client().get("/api/replays/" + ended).status()).as("the replay").isEqualTo(404);
        assertThat(stored(ended)).as("the ended replay's objects").isEmpty();
        Poll.until("the replay recorded while live deleted once it ended", Duration.ofSeconds(30),
                () -> "left: " + stored(broadcasts.get(1)), () -> stored(broadcasts.get(1)).isEmpty());
        try (ExternalProcess refused = stream.duration(Duration.ofSeconds(30)).start()) {
            assertThat(refused.awaitExit(Duration.ofSeconds(15))).as("the key refused: " + refused.describe()).isTrue();
            assertThat(live()).isFalse();
        }
        ApiClient.Response taken = client().send("POST", "/api/accounts",
                Map.of("username", STREAMER, "email", "someone-else@example.org", "password", PASSWORD));
        assertThat(taken.status()).as("the name stays taken: " + taken).isEqualTo(409);
        ApiClient.Response again = client().send("POST", "/api/accounts",
                Map.of("username", "dl-streamer2", "email", STREAMER + "@example.org", "password", PASSWORD));
        assertThat(again.status()).as("the e-mail address is free: " + again).isEqualTo(201);
        assertThat(fan.get("/api/me/following").body()).doesNotContain(STREAMER + "\"").contains(OTHER);

        try (LiveSocketClient page = new LiveSocketClient(base(), OTHER, null);
                LiveSocketClient fansPage = new LiveSocketClient(base(), OTHER, fan.cookieHeader())) {
            fansPage.next("welcome", Duration.ofSeconds(5));
            JsonNode welcome = page.next("welcome", Duration.ofSeconds(5));
            assertThat(welcome.toString()).contains("hello from the fan");
            assertThat(fan.send("DELETE", "/api/admin/accounts/" + FAN, null).status()).as("not an admin")
                    .isEqualTo(403);
            assertThat(other.send("DELETE", "/api/admin/accounts/" + FAN, null).status()).isEqualTo(403);
            ApiClient admin = account(ADMIN);
            assertThat(admin.send("DELETE", "/api/admin/accounts/" + ADMIN, null).status()).as("an admin")
                    .isEqualTo(400);
            assertThat(admin.send("DELETE", "/api/admin/accounts/" + STREAMER, null).status()).as("gone already")
                    .isEqualTo(404);
            assertThat(admin.send("DELETE", "/api/admin/accounts/" + FAN, null).status()).isEqualTo(204);
            assertThat(page.next("deleted", Duration.ofSeconds(5)).path("user").asString()).isEqualTo(FAN);
            // The fan's page, opened before, holds the account from its handshake: its chat is refused.
            fansPage.send("{\"type\":\"send\",\"text\":\"still here?\",\"nonce\":\"1\"}");
            assertThat(fansPage.next("rejected", Duration.ofSeconds(5)).path("reason").asString()).contains("deleted");
        }
        assertThat(fan.get("/api/me").status()).isEqualTo(401);
        assertThat(client().get("/api/channels/" + OTHER + "/chat").body()).doesNotContain("hello from the fan");
        JsonNode activity = other.get("/api/channels/" + OTHER + "/activity").json();
        JsonNode donation = null;
        for (JsonNode e : activity.path("events")) {
            if (e.path("user").asString().equals(FAN) && e.path("amount").asLong() == 700) {
                donation = e;
            }
        }
        assertThat(donation).as("the payment stays on the channel's record: " + activity).isNotNull();
        assertThat(activity.toString()).doesNotContain("the fan's own words");
        assertThat(client().get("/api/channels/" + OTHER + "/follow").json().path("followers").asLong())
                .as("the fan's follow").isZero();
    }
}
