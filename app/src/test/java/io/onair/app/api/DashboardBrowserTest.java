package io.onair.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A streamer in headless Chromium: signs up, logs out and in again, opens the dashboard, reveals the stream key and
 * edits the stream title; the status API then returns the new title; changes the password, then deletes the account.
 * Forms are filled and submitted with JavaScript (the pages' own submit handlers run), so the test walks the same
 * code a person does.
 */
class DashboardBrowserTest extends PlatformServerTest {
    private static final String USER = "browser-streamer";
    private Browser browser;

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String diagnostics() {
        return "url=" + browser.eval("return location.href;") + " data-state=" + browser.bodyState()
                + "\nconsole:\n" + browser.console();
    }

    private void awaitPage(String path, String state) {
        Poll.until(path + " with data-state=" + state, Duration.ofSeconds(15), this::diagnostics,
                () -> String.valueOf(browser.eval("return location.pathname;")).equals(path)
                        && browser.bodyState().equals(state));
    }

    private void fill(String selector, String value) {
        browser.eval("const el = document.querySelector(arguments[0]); el.value = arguments[1]; return true;"
                .replace("arguments[0]", "'" + selector + "'").replace("arguments[1]", "'" + value + "'"));
    }

    @Test
    void signUpLogInRevealKeyAndEditTitle() {
        browser = Browser.start();
        browser.open(base().resolve("/signup"));
        awaitPage("/signup", "ready");
        fill("#username", USER);
        fill("#email", USER + "@example.org");
        fill("#password", PASSWORD);
        browser.eval("document.querySelector('#signup-form').requestSubmit(); return true;");
        awaitPage("/dashboard", "ready");

        browser.eval("document.querySelector('#logout').click(); return true;");
        Poll.until("back on the home page", Duration.ofSeconds(10), this::diagnostics,
                () -> String.valueOf(browser.eval("return location.pathname;")).equals("/"));
        browser.open(base().resolve("/login"));
        awaitPage("/login", "ready");
        fill("#username", USER);
        fill("#password", PASSWORD);
        browser.eval("document.querySelector('#login-form').requestSubmit(); return true;");
        awaitPage("/dashboard", "ready");

        ApiClient api = account(USER);
        String key = api.get("/api/channels/" + USER + "/stream-key").json().path("streamKey").asString();
        assertThat(browser.eval("return document.querySelector('#stream-key').textContent;"))
                .as("hidden until shown").isNotEqualTo(key);
        browser.eval("document.querySelector('#show-key').click(); return true;");
        assertThat(browser.eval("return document.querySelector('#stream-key').textContent;")).isEqualTo(key);
        // RTMP listens on a port of its own here, not 1935: OBS must be told it (the page's host alone would give
        // rtmp://127.0.0.1/live, which OBS could not connect to).
        String server = "rtmp://127.0.0.1:" + rtmpServer.port() + "/live";
        Poll.until("the OBS server URL with RTMP's port", Duration.ofSeconds(10), browser::diagnostics,
                () -> server.equals(browser.eval("return document.querySelector('#server-url').textContent;")));
        assertThat(String.valueOf(browser.eval("return document.querySelector('#embed-code').textContent;")))
                .as("the code to embed the player").startsWith("<iframe src=\"" + base().resolve("/embed/" + USER) + "\"");
        assertThat(browser.eval("return document.querySelector('#chat-overlay-url').textContent;"))
                .as("the chat overlay for OBS").isEqualTo(base().resolve("/embed/" + USER + "/chat?overlay").toString());

        fill("#info-form [name=title]", "Late night synth jam");
        browser.eval("document.querySelector('#info-form').requestSubmit(); return true;");
        Poll.until("the form saved", Duration.ofSeconds(10), this::diagnostics,
                () -> "true".equals(String.valueOf(browser.eval("return document.querySelector('#info-form').dataset.saved;"))));
        assertThat(client().get("/api/channels/" + USER + "/status").json().path("info").path("title").asString())
                .isEqualTo("Late night synth jam");

        // Settings: a wrong current password is named beside its field; the right one changes it and logs out the
        // account's other session (the API client's), not this page's.
        browser.open(base().resolve("/settings"));
        awaitPage("/settings", "ready");
        fill("#password-form [name=currentPassword]", "not my password");
        fill("#password-form [name=newPassword]", "a brand new passphrase");
        browser.eval("document.querySelector('#password-form').requestSubmit(); return true;");
        Poll.until("the wrong current password named", Duration.ofSeconds(10), this::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval("const e = document.querySelector('[data-error-for=currentPassword]');"
                        + "return !e.hidden && e.textContent.length > 0;")));
        fill("#password-form [name=currentPassword]", PASSWORD);
        fill("#password-form [name=newPassword]", "a brand new passphrase");
        browser.eval("document.querySelector('#password-form').requestSubmit(); return true;");
        Poll.until("the password changed", Duration.ofSeconds(10), this::diagnostics,
                () -> String.valueOf(browser.eval("return document.querySelector('#password-status').textContent;"))
                        .equals("Password changed. 1 other session was logged out."));
        assertThat(api.get("/api/me").status()).as("the other session").isEqualTo(401);
        assertThat(String.valueOf(browser.eval("return document.querySelector('[data-error-for=currentPassword]').hidden;")))
                .isEqualTo("true");
        assertThat(client().login(USER, "a brand new passphrase").status()).isEqualTo(200);

        // Deleting the account: a mistyped username is refused on the page (no request), a wrong password beside
        // its field; both right, the account is gone and the page is back home, logged out.
        fill("#delete-form [name=confirm]", "someone-else");
        fill("#delete-form [name=password]", "a brand new passphrase");
        browser.eval("document.querySelector('#delete-form').requestSubmit(); return true;");
        Poll.until("the username mismatch named", Duration.ofSeconds(10), this::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval("const e = document.querySelector('[data-error-for=confirm]');"
                        + "return !e.hidden && e.textContent.length > 0;")));
        assertThat(client().login(USER, "a brand new passphrase").status()).as("still there").isEqualTo(200);
        fill("#delete-form [name=confirm]", USER);
        fill("#delete-form [name=password]", PASSWORD);
        browser.eval("document.querySelector('#delete-form').requestSubmit(); return true;");
        Poll.until("the wrong password named", Duration.ofSeconds(10), this::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval("const e = document.querySelector('#delete-form [data-error-for=password]');"
                        + "return !e.hidden && e.textContent.length > 0;")));
        fill("#delete-form [name=password]", "a brand new passphrase");
        browser.eval("document.querySelector('#delete-form').requestSubmit(); return true;");
        Poll.until("back on the home page", Duration.ofSeconds(10), this::diagnostics,
                () -> String.valueOf(browser.eval("return location.pathname;")).equals("/"));
        assertThat(client().login(USER, "a brand new passphrase").status()).as("the account is gone").isEqualTo(401);
        assertThat(client().get("/api/channels/" + USER).status()).isEqualTo(404);
        browser.open(base().resolve("/settings"));
        Poll.until("logged out: settings send to the login page", Duration.ofSeconds(10), this::diagnostics,
                () -> String.valueOf(browser.eval("return location.pathname;")).equals("/login"));
    }
}
