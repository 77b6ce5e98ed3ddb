package io.onair.app.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The page of a static key's channel (the demo's kind) in headless Chromium, as a newcomer who signed up sees it:
 * the chat is open and their message is shown and kept, the follow button is there, and there is no way to pay (the
 * channel has nobody to receive money).
 */
class OperatorChannelBrowserTest extends PlatformServerTest {
    private static final String VIEWER = "ocb-viewer";
    private Browser browser;

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String diagnostics() {
        return "url=" + browser.eval("return location.href;") + " live="
                + browser.eval("return JSON.stringify(window.onairLive);") + "\nconsole:\n" + browser.console();
    }

    @Test
    void aViewerChatsAndFollowsOnAStaticKeysChannel() {
        account(VIEWER);
        browser = Browser.start();
        browser.logIn(base().resolve("/login?next=" + URLEncoder.encode("/" + STATIC_CHANNEL, StandardCharsets.UTF_8)),
                VIEWER, PASSWORD);
        Poll.until("the chat open for " + VIEWER, Duration.ofSeconds(15), this::diagnostics,
                () -> "open".equals(String.valueOf(browser.eval("return window.onairLive && window.onairLive.ws;")))
                        && Boolean.FALSE.equals(browser.eval("return document.querySelector('#chat-form').hidden;")));
        assertThat(browser.eval("return document.querySelector('#chat-status').textContent;"))
                .as("no 'This channel has no chat.'").isEqualTo("");

        browser.eval("document.querySelector('#chat-input').value = 'first on the demo';"
                + "document.querySelector('#chat-form').requestSubmit(); return true;");
        Poll.until("the message in the list", Duration.ofSeconds(10), this::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval("return [...document.querySelectorAll('#chat-messages li')]"
                        + ".some(li => li.textContent.includes('first on the demo'));")));
        assertThat(client().get("/api/channels/" + STATIC_CHANNEL + "/chat").body()).contains("first on the demo");

        Poll.until("the follow button", Duration.ofSeconds(10), this::diagnostics,
                () -> Boolean.FALSE.equals(browser.eval("return document.querySelector('#follow').hidden;")));
        browser.eval("document.querySelector('#follow').click(); return true;");
        Poll.until("followed", Duration.ofSeconds(10), this::diagnostics,
                () -> account(VIEWER).get("/api/channels/" + STATIC_CHANNEL + "/follow").json().path("following")
                        .asBoolean());
        // The page has decided about support (else "hidden" would only mean "not decided yet"), from the
        // channel's status, without asking for an offer that is not there (a 404 in the console).
        Poll.until("support decided", Duration.ofSeconds(10), this::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval("return window.onairSupport.settled;")));
        assertThat(browser.eval("return performance.getEntriesByType('resource')"
                + ".some(e => e.name.endsWith('/api/channels/" + STATIC_CHANNEL + "/support'));"))
                .as("no request for the support offer").isEqualTo(Boolean.FALSE);
        assertThat(browser.eval("return document.querySelector('#support').hidden;"))
                .as("no donations or subscriptions on an operator's channel").isEqualTo(Boolean.TRUE);
    }
}
