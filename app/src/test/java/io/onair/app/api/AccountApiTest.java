package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.channel.ChannelInfoChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;

/**
 * The account API as the web UI and scripts use it: sign-up validation naming the field, session login and
 * logout, CSRF on session writes, personal access tokens, channel info round trip (status API and event), and
 * the login rate limit over HTTP.
 */
@Import(AccountApiTest.Events.class)
class AccountApiTest extends PlatformServerTest {

    @TestConfiguration
    static class Events {
        final List<ChannelInfoChanged> seen = new ArrayList<>();

        @EventListener
        void on(ChannelInfoChanged e) {
            synchronized (seen) {
                seen.add(e);
            }
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    Events events;

    @Test
    void signUpValidationErrorsNameEachField() {
        ApiClient.Response r = client().send("POST", "/api/accounts",
                Map.of("username", "x", "email", "not-an-address", "password", "short"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode errors = r.json().path("errors");
        assertThat(errors.findValuesAsString("field")).containsExactly("username", "email", "password");
        assertThat(r.json().path("detail").asString()).contains("username", "email", "password");

        ApiClient.Response reserved = client().send("POST", "/api/accounts",
                Map.of("username", "dashboard", "email", "d@example.org", "password", PASSWORD));
        assertThat(reserved.json().path("errors").get(0).path("field").asString()).isEqualTo("username");
        assertThat(reserved.json().path("errors").get(0).path("message").asString()).isEqualTo("is reserved");
        ApiClient.Response staticName = client().send("POST", "/api/accounts",
                Map.of("username", STATIC_CHANNEL, "email", "c@example.org", "password", PASSWORD));
        assertThat(staticName.status()).as(staticName.toString()).isEqualTo(400);
    }

    /** Spring's own answer to all of these was a bare "Failed to read request". */
    @Test
    void aBodyThatIsNotJsonSaysWhereAndAValueOfTheWrongTypeNamesItsField() {
        ApiClient.Response cut = client().send("POST", "/api/accounts", "{\"username\": \"bob\"");
        assertThat(cut.status()).as(cut.toString()).isEqualTo(400);
        assertThat(cut.json().path("detail").asString()).as(cut.toString()).startsWith("The body is not valid JSON (line 1,");

        ApiClient c = account("acc-types");
        ApiClient.Response tags = c.send("PUT", "/api/channels/acc-types/info", "{\"title\":\"t\",\"tags\":\"speedrun\"}");
        assertThat(tags.status()).as(tags.toString()).isEqualTo(400);
        assertThat(tags.json().path("errors").get(0).path("field").asString()).isEqualTo("tags");
        assertThat(tags.json().path("errors").get(0).path("message").asString()).isEqualTo("must be a list");
        assertThat(tags.json().path("detail").asString()).isEqualTo("Invalid tags");

        ApiClient.Response price = c.send("PUT", "/api/channels/acc-types/support",
                "{\"currency\":\"USD\",\"tiers\":[{\"tier\":1,\"name\":\"Fan\",\"price\":\"five dollars\"}]}");
        assertThat(price.status()).as(price.toString()).isEqualTo(400);
        assertThat(price.json().path("errors").get(0).path("field").asString()).isEqualTo("tiers[0].price");
        assertThat(price.json().path("errors").get(0).path("message").asString()).isEqualTo("must be a whole number");

        // Jackson's default took 5000.5 as 5000: money is a whole number of minor units or a 400.
        for (String amount : List.of("5000.5", "1e3", "9223372036854775808")) {
            ApiClient.Response fraction = c.send("PUT", "/api/channels/acc-types/support",
                    "{\"currency\":\"USD\",\"donationMin\":" + amount + "}");
            assertThat(fraction.status()).as(fraction.toString()).isEqualTo(400);
            assertThat(fraction.json().path("errors").get(0).path("field").asString()).isEqualTo("donationMin");
            assertThat(fraction.json().path("errors").get(0).path("message").asString()).as(amount)
                    .startsWith("must be a whole number");
        }

        ApiClient.Response days = c.get("/api/channels/acc-types/activity?days=thirty");
        assertThat(days.status()).as(days.toString()).isEqualTo(400);
        assertThat(days.json().path("errors").get(0).path("field").asString()).isEqualTo("days");
        assertThat(days.json().path("errors").get(0).path("message").asString()).isEqualTo("must be a whole number");

        ApiClient.Response none = c.send("PUT", "/api/channels/acc-types/info", "");
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.json().path("detail").asString()).isEqualTo("A JSON body is required");
    }

    @Test
    void takenUsernameIsAConflictNamingTheField() {
        account("acc-taken");
        ApiClient.Response again = client().send("POST", "/api/accounts",
                Map.of("username", "acc-taken", "email", "other@example.org", "password", PASSWORD));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().path("errors").get(0).path("field").asString()).isEqualTo("username");
    }

    @Test
    void loginMeAndLogout() {
        ApiClient c = account("acc-me");
        JsonNode me = c.get("/api/me").json();
        assertThat(me.path("username").asString()).isEqualTo("acc-me");
        assertThat(me.path("channel").asString()).isEqualTo("acc-me");
        assertThat(me.path("admin").asBoolean()).isFalse();
        JsonNode session = c.get("/api/session").json();
        assertThat(session.path("account").path("username").asString()).isEqualTo("acc-me");
        assertThat(session.path("account").path("channel").asString()).isEqualTo("acc-me");
        assertThat(c.send("DELETE", "/api/session", null).status()).isEqualTo(204);
        assertThat(c.get("/api/me").status()).isEqualTo(401);
        ApiClient.Response loggedOut = c.get("/api/session");
        assertThat(loggedOut.status()).as("a visitor's page asks without an error").isEqualTo(200);
        assertThat(loggedOut.json().has("account")).isTrue();
        assertThat(loggedOut.json().path("account").isNull()).as(loggedOut.toString()).isTrue();
        ApiClient.Response wrong = client().login("acc-me", "wrong password!");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void anApiPathWithNoEndpointSaysSoNotThatAStaticFileIsMissing() {
        ApiClient.Response r = client().get("/api/channels/acc-info/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().path("detail").asString())
                .isEqualTo("No API endpoint GET /api/channels/acc-info/nothing-here (the endpoints: /api/openapi.json)");
    }

    @Test
    void sessionWritesNeedTheCsrfToken() {
        ApiClient c = account("acc-csrf");
        ApiClient.Response without = c.withoutCsrf().send("PUT", "/api/channels/acc-csrf/info",
                Map.of("title", "no token"));
        assertThat(without.status()).as(without.toString()).isEqualTo(403);
        assertThat(without.json().path("detail").asString()).contains("CSRF");
        assertThat(client().get("/api/channels/acc-csrf/info").json().path("title").asString()).isEmpty();
    }

    @Test
    void channelInfoIsReturnedWithTheStatusAndPublishedAsAnEvent() {
        ApiClient c = account("acc-info");
        ApiClient.Response put = c.send("PUT", "/api/channels/acc-info/info", Map.of("title", "Speedrun night",
                "category", "Games", "tags", List.of("speedrun", "english"), "language", "en",
                "goLiveText", "We are live!"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode status = client().get("/api/channels/acc-info/status").json();
        assertThat(status.path("channel").asString()).isEqualTo("acc-info");
        assertThat(status.path("live").asBoolean()).isFalse();
        assertThat(status.path("info").path("title").asString()).isEqualTo("Speedrun night");
        assertThat(status.path("info").path("tags").get(1).asString()).isEqualTo("english");
        assertThat(client().get("/api/channels/acc-info").json()).as("the channel resource is its status")
                .isEqualTo(status);
        ApiClient.Response none = client().get("/api/channels/acc-nobody");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("detail").asString()).isEqualTo("No channel named 'acc-nobody'");
        synchronized (events.seen) {
            assertThat(events.seen).anyMatch(e -> e.channel().equals("acc-info")
                    && e.info().title().equals("Speedrun night"));
        }
        ApiClient.Response bad = c.send("PUT", "/api/channels/acc-info/info", Map.of("title", "x".repeat(141),
                "tags", List.of("ok", "<script>"), "language", "english please"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").findValuesAsString("field")).containsExactly("title", "language",
                "tags[1]");
    }

    @Test
    void personalAccessTokenAuthenticatesWithoutCsrfUntilRevoked() {
        ApiClient c = account("acc-pat");
        ApiClient.Response created = c.send("POST", "/api/tokens", Map.of("name", "chat bot"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.json().path("token").asString();
        assertThat(token).startsWith("onair_");
        ApiClient bot = client().bearer(token);
        assertThat(bot.get("/api/me").json().path("username").asString()).isEqualTo("acc-pat");
        ApiClient.Response put = bot.send("PUT", "/api/channels/acc-pat/info", Map.of("title", "from a script"));
        assertThat(put.status()).as("no CSRF token needed with a bearer token: " + put).isEqualTo(200);
        JsonNode listed = c.get("/api/tokens").json();
        assertThat(listed.get(0).path("name").asString()).isEqualTo("chat bot");
        assertThat(listed.toString()).doesNotContain(token);
        assertThat(listed.get(0).path("lastUsedAt").isString()).as(listed.toString()).isTrue();
        long id = listed.get(0).path("id").asLong();
        assertThat(c.send("DELETE", "/api/tokens/" + id, null).status()).isEqualTo(204);
        ApiClient.Response revoked = bot.get("/api/me");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(client().bearer("onair_made-up").get("/api/channels").status())
                .as("a bad token is refused even where anonymous is fine").isEqualTo(401);
    }

    @Test
    void loginRateLimitPerUsernameAnswers429WithRetryAfter() {
        account("acc-limited");
        ApiClient attacker = client();
        for (int i = 0; i < io.onair.app.security.LoginRateLimiter.DEFAULT_PER_USERNAME; i++) {
            assertThat(attacker.login("acc-limited", "guess number " + i).status()).isEqualTo(401);
        }
        ApiClient.Response limited = client().login("acc-limited", PASSWORD);
        assertThat(limited.status()).as("even the right password, while limited: " + limited).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        assertThat(client().login("acc-me-unrelated", PASSWORD).status()).as("other usernames unaffected")
                .isEqualTo(401);
    }

    @Test
    void changingThePasswordLogsOutTheOtherSessionsButNotThisOneNorTheTokens() {
        ApiClient laptop = account("acc-pw");
        ApiClient phone = client();
        assertThat(phone.login("acc-pw", PASSWORD).status()).isEqualTo(200);
        String token = laptop.send("POST", "/api/tokens", Map.of("name", "bot")).json().path("token").asString();
        String next = "a new passphrase 42";

        // Each field named: the current password wrong, the new one too short, or the same as before.
        ApiClient.Response wrong = laptop.send("PUT", "/api/me/password",
                Map.of("currentPassword", "not it at all", "newPassword", "short"));
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
        assertThat(wrong.json().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("currentPassword", "newPassword");
        ApiClient.Response same = laptop.send("PUT", "/api/me/password",
                Map.of("currentPassword", PASSWORD, "newPassword", PASSWORD));
        assertThat(same.json().path("errors").findValuesAsString("field")).containsExactly("newPassword");
        assertThat(laptop.send("PUT", "/api/me/password", null).status()).isEqualTo(400);
        assertThat(client().send("PUT", "/api/me/password", Map.of("currentPassword", PASSWORD,
                "newPassword", next)).status()).as("anonymous").isEqualTo(401);

        ApiClient.Response changed = laptop.send("PUT", "/api/me/password",
                Map.of("currentPassword", PASSWORD, "newPassword", next));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("otherSessionsEnded").asInt()).isEqualTo(1);
        assertThat(laptop.get("/api/me").json().path("username").asString()).as("this session stays").isEqualTo("acc-pw");
        assertThat(phone.get("/api/me").status()).as("the other session is logged out").isEqualTo(401);
        assertThat(client().bearer(token).get("/api/me").status()).as("tokens are revoked on their own").isEqualTo(200);
        assertThat(client().login("acc-pw", PASSWORD).status()).as("the old password").isEqualTo(401);
        assertThat(client().login("acc-pw", next).status()).as("the new password").isEqualTo(200);
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedLogins() {
        ApiClient stolen = account("acc-pw-guess");
        int attempts = 0;
        ApiClient.Response r;
        do {
            r = stolen.send("PUT", "/api/me/password", Map.of("currentPassword", "guess " + attempts,
                    "newPassword", "whatever they like 1"));
            attempts++;
        } while (r.status() == 400 && attempts <= io.onair.app.security.LoginRateLimiter.DEFAULT_PER_USERNAME);
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(attempts).isEqualTo(io.onair.app.security.LoginRateLimiter.DEFAULT_PER_USERNAME + 1);
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        assertThat(client().login("acc-pw-guess", PASSWORD).status()).as("the login form too").isEqualTo(429);
    }
}
