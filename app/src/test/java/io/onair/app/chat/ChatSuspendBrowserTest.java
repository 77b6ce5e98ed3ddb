package io.onair.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A site admin on a channel's page sees a spammer's line and suspends the account from the line's tools (the reason
 * asked for in a prompt): the page says so and the spammer's session stops working. The channel's owner, a moderator
 * but no site admin, has no such tool.
 */
class ChatSuspendBrowserTest extends PlatformServerTest {
    private static final String OWNER = "cs-owner";
    private static final String SPAMMER = "cs-spam";
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

    private void logInAndOpenTheChannel(String user) {
        browser.logIn(base().resolve("/login"), user, PASSWORD);
        browser.open(base().resolve("/" + OWNER));
        Poll.until("the spam line with its tools", Duration.ofSeconds(15), this::diagnostics,
                () -> Boolean.TRUE.equals(browser.eval("const li = document.querySelector('#chat-messages li[data-user=\""
                        + SPAMMER + "\"]'); return !!li && !!li.querySelector('.chat-tools');")));
    }

    @Test
    void aSiteAdminSuspendsASpammerFromTheChat() {
        account(ADMIN);
        account(OWNER);
        ApiClient spammer = account(SPAMMER);
        assertThat(spammer.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", "buy followers")).status())
                .isEqualTo(201);
        browser = Browser.start();

        logInAndOpenTheChannel(OWNER);
        assertThat(browser.eval("return document.querySelector('.chat-suspend');")).as("not for the owner").isNull();

        logInAndOpenTheChannel(ADMIN); // the same browser: logging in again replaces the owner's login
        browser.eval("window.prompt = () => 'spam in chat';"
                + "document.querySelector('li[data-user=\"" + SPAMMER + "\"] .chat-suspend').click(); return true;");
        Poll.until("the page says it is done", Duration.ofSeconds(5), this::diagnostics,
                () -> String.valueOf(browser.eval("return document.querySelector('#chat-messages').textContent;"))
                        .contains(SPAMMER + "'s account is suspended."));
        assertThat(spammer.get("/api/me").status()).as("the spammer's session").isEqualTo(401);
        assertThat(client().login(SPAMMER, PASSWORD).status()).isEqualTo(403);
    }
}
