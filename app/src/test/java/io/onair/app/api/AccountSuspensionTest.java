package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A site admin suspends an account while it streams, is logged in on two devices and has an API token: the stream
 * ends (ffmpeg's connection is closed), the sessions and the token stop working, the login is refused saying why,
 * the key is refused for a new publish and the chat refuses the account; lifting the suspension gives it all back
 * (the same key and token). Only site admins may suspend, and not one another.
 */
class AccountSuspensionTest extends PlatformServerTest {
    private static final String STREAMER = "su-streamer";
    private static final String PATH = "/api/admin/accounts/" + STREAMER + "/suspension";

    private boolean live() {
        return client().get("/api/channels/" + STREAMER + "/status").json().path("live").asBoolean();
    }

    @Test
    void aSuspendedAccountIsOutEverywhereUntilLifted() throws Exception {
        ApiClient admin = account(ADMIN);
        ApiClient laptop = account(STREAMER);
        ApiClient phone = client();
        assertThat(phone.login(STREAMER, PASSWORD).status()).isEqualTo(200);
        ApiClient viewer = account("su-viewer");
        String token = laptop.send("POST", "/api/tokens", Map.of("name", "bot")).json().path("token").asString();
        String key = laptop.get("/api/channels/" + STREAMER + "/stream-key").json().path("streamKey").asString();
        Ffmpeg stream = Ffmpeg.publisher(rtmpUrl(key)).size("320x180").realtime(true).duration(Duration.ofSeconds(120));
        try (ExternalProcess publisher = stream.start();
                io.onair.app.live.LiveSocketClient page = new io.onair.app.live.LiveSocketClient(base(), STREAMER,
                        laptop.cookieHeader())) {
            Poll.until("live", Duration.ofSeconds(20), publisher::describe, this::live);
            page.next("welcome", Duration.ofSeconds(5));

            assertThat(viewer.send("PUT", PATH, Map.of("reason", "x")).status()).as("a viewer").isEqualTo(403);
            assertThat(laptop.send("PUT", "/api/admin/accounts/su-viewer/suspension", Map.of()).status())
                    .as("a streamer, of someone else").isEqualTo(403);
            ApiClient.Response adminTarget = admin.send("PUT", "/api/admin/accounts/" + ADMIN + "/suspension", Map.of());
            assertThat(adminTarget.status()).as(adminTarget.toString()).isEqualTo(400);
            assertThat(adminTarget.json().path("errors").get(0).path("field").asString()).isEqualTo("username");
            assertThat(admin.send("PUT", "/api/admin/accounts/nobody-here/suspension", Map.of()).status()).isEqualTo(404);

            ApiClient.Response suspended = admin.send("PUT", PATH, Map.of("reason", "spam streams"));
            assertThat(suspended.status()).as(suspended.toString()).isEqualTo(204);
            assertThat(publisher.awaitExit(Duration.ofSeconds(10))).as("the publisher's connection closed: "
                    + publisher.describe()).isTrue();
            Poll.until("offline", Duration.ofSeconds(10), publisher::describe, () -> !live());
            // The watch page opened before holds the account from its handshake: its chat is refused too.
            page.send("{\"type\":\"send\",\"text\":\"still here?\",\"nonce\":\"1\"}");
            assertThat(page.next("rejected", Duration.ofSeconds(5)).path("reason").asString()).contains("suspended");
        }
        assertThat(laptop.get("/api/me").status()).as("this session").isEqualTo(401);
        assertThat(phone.get("/api/me").status()).as("the other session").isEqualTo(401);
        assertThat(client().bearer(token).get("/api/me").status()).as("the token").isEqualTo(401);
        ApiClient.Response login = client().login(STREAMER, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(403);
        assertThat(login.json().path("detail").asString()).contains("suspended");
        ApiClient.Response guess = client().login(STREAMER, "not the password at all");
        assertThat(guess.status()).as("a wrong password says nothing about the suspension: " + guess).isEqualTo(401);
        assertThat(guess.body()).doesNotContain("suspended");
        try (ExternalProcess refused = stream.start()) {
            assertThat(refused.awaitExit(Duration.ofSeconds(15))).as("the key refused: " + refused.describe()).isTrue();
            assertThat(live()).isFalse();
        }

        assertThat(admin.send("DELETE", PATH, null).status()).isEqualTo(204);
        ApiClient back = client();
        assertThat(back.login(STREAMER, PASSWORD).status()).isEqualTo(200);
        assertThat(client().bearer(token).get("/api/me").status()).as("the same token").isEqualTo(200);
        assertThat(back.send("POST", "/api/channels/" + STREAMER + "/chat", Map.of("text", "back")).status())
                .isEqualTo(201);
        try (ExternalProcess again = stream.start()) {
            Poll.until("live again, with the same key", Duration.ofSeconds(20), again::describe, this::live);
        }
    }
}
