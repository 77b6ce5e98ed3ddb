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
 * Two people in headless Chromium on one watch page: a viewer (alice) and the channel's owner, who moderates.
 * They see each other's messages; a title edit through the API shows on the open page within a second; HTML and
 * script typed into the chat arrive as text; the owner deletes alice's message and it disappears for her; the owner
 * bans her: her messages disappear from both pages and her next message is refused with the reason shown; the
 * owner unbans her from the list of banned users and she writes again. Logging in returns to the page named by
 * {@code ?next=} (alice), and ignores a {@code next} on another site (the owner lands on the dashboard).
 */
class ChatBrowserTest extends PlatformServerTest {
    private static final String OWNER = "cb-owner";
    private static final String ALICE = "cb-alice";
    private Browser alice;
    private Browser owner;

    @AfterAll
    void closeBrowsers() {
        if (alice != null) {
            alice.close();
        }
        if (owner != null) {
            owner.close();
        }
    }

    private static String diagnostics(Browser b) {
        return "url=" + b.eval("return location.href;") + " live=" + b.eval("return JSON.stringify(window.onairLive);")
                + "\nconsole:\n" + b.console();
    }

    private Browser logIn(String user, String next, String expectedPath) {
        Browser b = Browser.start();
        b.logIn(base().resolve("/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)),
                user, PASSWORD);
        Poll.until(user + " logged in, on " + expectedPath, Duration.ofSeconds(15), () -> diagnostics(b),
                () -> expectedPath.equals(String.valueOf(b.eval("return location.pathname;"))));
        if (!expectedPath.equals("/" + OWNER)) {
            b.open(base().resolve("/" + OWNER));
        }
        Poll.until(user + "'s chat open", Duration.ofSeconds(15), () -> diagnostics(b),
                () -> "open".equals(String.valueOf(b.eval("return window.onairLive && window.onairLive.ws;"))));
        return b;
    }

    private static void say(Browser b, String text) {
        b.eval("const i = document.querySelector('#chat-input'); i.value = arguments[0];"
                .replace("arguments[0]", quote(text))
                + "document.querySelector('#chat-form').requestSubmit(); return true;");
    }

    private static String quote(String s) {
        return ApiClient.JSON.writeValueAsString(s);
    }

    private static long idOf(Browser b, String text) {
        return Poll.until("message '" + text + "' shown", Duration.ofSeconds(10), () -> diagnostics(b), () -> {
            Object id = b.eval("const m = window.onairLive.messages.find(m => m.text === " + quote(text) + ");"
                    + "return m ? m.id : null;");
            return java.util.Optional.ofNullable(id).map(v -> ((Number) v).longValue());
        });
    }

    @Test
    void twoPeopleChatSeeEditsAndTheOwnerModerates() {
        account(ALICE);
        ApiClient ownerApi = account(OWNER);
        alice = logIn(ALICE, "/" + OWNER, "/" + OWNER);
        owner = logIn(OWNER, "//evil.example/" + OWNER, "/dashboard");

        say(alice, "hello from alice");
        long aliceMessage = idOf(owner, "hello from alice");
        say(owner, "hi @" + ALICE + " see https://example.org/x.");
        idOf(alice, "hi @" + ALICE + " see https://example.org/x.");
        assertThat(alice.eval("const li = [...document.querySelectorAll('#chat-messages li')].pop();"
                + "const a = li.querySelector('a'); const m = li.querySelector('.mention-me');"
                + "return [a.getAttribute('href'), a.rel, a.textContent, m.textContent].join('|');"))
                .isEqualTo("https://example.org/x|noopener nofollow noreferrer|https://example.org/x|@" + ALICE);

        // A title edit reaches the open page without a reload, within a second.
        long edited = System.nanoTime();
        assertThat(ownerApi.send("PUT", "/api/channels/" + OWNER + "/info",
                Map.of("title", "Live edit " + edited, "category", "Music")).status()).isEqualTo(200);
        Poll.until("the new title on alice's page", Duration.ofSeconds(1), () -> diagnostics(alice),
                () -> ("Live edit " + edited).equals(alice.eval("return document.querySelector('#stream-title').textContent;")));
        assertThat(alice.eval("return document.querySelector('#stream-category').textContent;")).isEqualTo("Music");

        // HTML and script are text.
        String html = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script><b>bold</b>";
        say(alice, html);
        long htmlMessage = idOf(owner, html);
        assertThat(owner.eval("return document.querySelector('li[data-id=\"" + htmlMessage + "\"] .chat-text').textContent;"))
                .isEqualTo(html);
        assertThat(owner.eval("return document.querySelectorAll('#chat-messages img, #chat-messages script, #chat-messages b').length;"))
                .isEqualTo(0L);
        assertThat(owner.eval("return window.pwned === undefined;")).isEqualTo(true);

        // The owner deletes alice's first message (its Delete button): gone from her page too.
        owner.eval("document.querySelector('li[data-id=\"" + aliceMessage + "\"] .chat-tool').click(); return true;");
        Poll.until("the deleted message gone from alice's page", Duration.ofSeconds(5), () -> diagnostics(alice),
                () -> Boolean.TRUE.equals(alice.eval("return document.querySelector('li[data-id=\"" + aliceMessage
                        + "\"]') === null;")));

        // The owner bans alice (the Ban button on her message); her next message is refused, with the reason.
        owner.eval("const tools = document.querySelectorAll('li[data-id=\"" + htmlMessage + "\"] .chat-tool');"
                + "tools[tools.length - 1].click(); return true;");
        Poll.until("alice sees the ban notice", Duration.ofSeconds(5), () -> diagnostics(alice),
                () -> String.valueOf(alice.eval("return document.querySelector('#chat-messages').textContent;"))
                        .contains(ALICE + " was banned."));
        for (Browser b : new Browser[] {alice, owner}) {
            Poll.until("alice's messages gone", Duration.ofSeconds(5), () -> diagnostics(b),
                    () -> Boolean.TRUE.equals(b.eval("return document.querySelector('li[data-id=\"" + htmlMessage
                            + "\"]') === null && !window.onairLive.messages.some(m => m.user === '" + ALICE + "');")));
        }
        assertThat(owner.eval("return window.onairLive.messages.some(m => m.user === '" + OWNER + "');"))
                .as("the owner's own messages stay").isEqualTo(true);
        say(alice, "am I still here?");
        Poll.until("the refusal shown to alice", Duration.ofSeconds(5), () -> diagnostics(alice),
                () -> "You are banned from this chat.".equals(alice.eval(
                        "const e = document.querySelector('#chat-error'); return e.hidden ? null : e.textContent;")));
        assertThat(alice.eval("return document.querySelector('#chat-input').value;"))
                .as("the refused text is given back").isEqualTo("am I still here?");

        // The owner unbans her with the button in the list of banned users; she writes again.
        Poll.until("alice in the owner's list of bans", Duration.ofSeconds(5), () -> diagnostics(owner),
                () -> Boolean.TRUE.equals(owner.eval("return document.querySelector('#chat-bans li[data-user=\""
                        + ALICE + "\"] .chat-unban') !== null;")));
        owner.eval("document.querySelector('#chat-bans li[data-user=\"" + ALICE + "\"] .chat-unban').click(); return true;");
        Poll.until("the list of bans empty", Duration.ofSeconds(5), () -> diagnostics(owner),
                () -> Boolean.TRUE.equals(owner.eval("return document.querySelector('#chat-bans li[data-user]') === null;")));
        Poll.until("alice sees the unban notice", Duration.ofSeconds(5), () -> diagnostics(alice),
                () -> String.valueOf(alice.eval("return document.querySelector('#chat-messages').textContent;"))
                        .contains(ALICE + " may chat again."));
        alice.eval("document.querySelector('#chat-input').value = ''; return true;");
        say(alice, "back again");
        idOf(owner, "back again");
    }
}
