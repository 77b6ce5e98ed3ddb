package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A forgotten password on the real server: a site admin issues a one-time link (nobody else may), its holder sets a
 * new password with it (the sign-up rules apply), the account's open sessions end, the old password stops working
 * and the new one works; the link works once, and a newer link replaces it.
 */
class PasswordResetTest extends PlatformServerTest {
    private static final String USER = "pr-forgetful";
    private static final String NEW_PASSWORD = "a brand new passphrase";

    private static String tokenOf(JsonNode issued) {
        String url = issued.path("url").asString();
        assertThat(url).startsWith("http://127.0.0.1:").contains("/reset-password#");
        return url.substring(url.indexOf('#') + 1);
    }

    @Test
    void anAdminsLinkSetsANewPasswordOnceAndEndsTheOldSessions() {
        ApiClient session = account(USER);
        ApiClient admin = account(ADMIN);
        ApiClient.Response issued = admin.send("POST", "/api/admin/accounts/" + USER + "/password-reset", null);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.json().path("username").asString()).isEqualTo(USER);
        Instant expires = Instant.parse(issued.json().path("expiresAt").asString());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofHours(23), Duration.ofHours(24));
        String token = tokenOf(issued.json());
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");

        // The password follows the sign-up rules; a bad one leaves the link usable.
        ApiClient.Response weak = client().send("POST", "/api/password-reset", Map.of("token", token, "password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("\"password\"").doesNotContain("\"token\"");

        ApiClient.Response done = client().send("POST", "/api/password-reset",
                Map.of("token", token, "password", NEW_PASSWORD));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().path("username").asString()).isEqualTo(USER);
        assertThat(done.json().path("sessionsEnded").asInt()).isEqualTo(1);
        assertThat(session.get("/api/me").status()).as("the session logged in before is out").isEqualTo(401);
        assertThat(client().login(USER, PASSWORD).status()).isEqualTo(401);
        assertThat(client().login(USER, NEW_PASSWORD).status()).isEqualTo(200);

        ApiClient.Response again = client().send("POST", "/api/password-reset",
                Map.of("token", token, "password", "yet another passphrase"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("\"token\"").contains("ask a site admin for a new link");
        assertThat(client().login(USER, NEW_PASSWORD).status()).as("unchanged by the used link").isEqualTo(200);
    }

    @Test
    void aNewerLinkReplacesTheEarlierAndNonsenseIsRefusedByName() {
        account("pr-twice");
        ApiClient admin = account(ADMIN);
        String first = tokenOf(admin.send("POST", "/api/admin/accounts/pr-twice/password-reset", null).json());
        String second = tokenOf(admin.send("POST", "/api/admin/accounts/pr-twice/password-reset", null).json());
        assertThat(client().send("POST", "/api/password-reset", Map.of("token", first, "password", NEW_PASSWORD))
                .status()).isEqualTo(400);
        assertThat(client().send("POST", "/api/password-reset", Map.of("token", second, "password", NEW_PASSWORD))
                .status()).isEqualTo(200);

        for (Map<String, Object> body : java.util.List.<Map<String, Object>>of(Map.of("password", NEW_PASSWORD),
                Map.of("token", "x".repeat(500), "password", NEW_PASSWORD),
                Map.of("token", "not-a-token", "password", NEW_PASSWORD))) {
            ApiClient.Response r = client().send("POST", "/api/password-reset", body);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.body()).contains("\"token\"");
        }
    }

    @Test
    void onlySiteAdminsIssueLinks() {
        account("pr-target");
        ApiClient viewer = account("pr-viewer");
        assertThat(viewer.send("POST", "/api/admin/accounts/pr-target/password-reset", null).status()).isEqualTo(403);
        assertThat(client().send("POST", "/api/admin/accounts/pr-target/password-reset", null).status())
                .isEqualTo(401);
        assertThat(account(ADMIN).send("POST", "/api/admin/accounts/pr-nobody/password-reset", null).status())
                .isEqualTo(404);
        assertThat(client().login("pr-target", PASSWORD).status()).as("nothing changed").isEqualTo(200);
    }
}
