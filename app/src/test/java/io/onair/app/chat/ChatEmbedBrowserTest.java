package io.onair.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The embeddable chat as a streamer uses it, an OBS Browser Source over the stream ({@code /embed/{c}/chat?overlay}),
 * in headless Chromium: the history on open, then each line as it is sent (HTML typed into the chat stays text), a
 * donation's line, a line a moderator deletes and every line of a banned viewer taken away; a transparent page.
 */
class ChatEmbedBrowserTest extends PlatformServerTest {
    private static final String OWNER = "ce-owner";
    private static final String FAN = "ce-fan";
    private Browser obs;

    @AfterAll
    void closeBrowser() {
        if (obs != null) {
            obs.close();
        }
    }

    private String diagnostics() {
        return "url=" + obs.eval("return location.href;") + " embed="
                + obs.eval("return JSON.stringify(window.onairChatEmbed);") + "\nconsole:\n" + obs.console();
    }

    private List<?> shown() {
        return (List<?>) obs.eval("return Array.from(document.querySelectorAll('#chat-messages li'))"
                + ".map(li => li.textContent);");
    }

    @Test
    void theOverlayShowsTheChatAsItIsWrittenAndTakesAwayWhatModeratorsRemove() {
        ApiClient owner = account(OWNER);
        ApiClient fan = account(FAN);
        ApiClient other = account("ce-other");
        assertThat(other.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", "before the overlay")).status())
                .isEqualTo(201);

        obs = Browser.start();
        obs.open(base().resolve("/embed/" + OWNER + "/chat?overlay"));
        Poll.until("the overlay connected, with the history", Duration.ofSeconds(15), this::diagnostics,
                () -> shown().stream().anyMatch(t -> String.valueOf(t).contains("before the overlay")));
        assertThat(obs.eval("return getComputedStyle(document.body).backgroundColor;")).as("over the stream")
                .isEqualTo("rgba(0, 0, 0, 0)");

        long kept = fan.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", "hello <b>stream</b>"))
                .json().path("id").asLong();
        long deleted = other.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", "spam spam"))
                .json().path("id").asLong();
        Poll.until("both lines", Duration.ofSeconds(5), this::diagnostics,
                () -> shown().stream().anyMatch(t -> String.valueOf(t).contains("spam spam")));
        assertThat(obs.eval("return document.querySelector('li[data-id=\"" + kept + "\"] .chat-text').textContent;"))
                .as("typed HTML is text").isEqualTo("hello <b>stream</b>");
        assertThat(obs.eval("return document.querySelector('#chat-messages b');")).isNull();

        assertThat(owner.send("PUT", "/api/channels/" + OWNER + "/support", Map.of("currency", "USD",
                "donationMin", 100, "donationMax", 10_000, "tiers", List.of())).status()).isEqualTo(200);
        assertThat(fan.send("POST", "/api/channels/" + OWNER + "/donations", Map.of("amount", 500,
                "message", "for the overlay")).status()).isEqualTo(201);
        Poll.until("the donation's line", Duration.ofSeconds(5), this::diagnostics,
                () -> Boolean.TRUE.equals(obs.eval("const li = document.querySelector('#chat-messages .chat-donation');"
                        + "return !!li && li.textContent.includes('for the overlay');")));

        assertThat(owner.send("DELETE", "/api/channels/" + OWNER + "/chat/" + deleted, null).status()).isEqualTo(204);
        Poll.until("the deleted line gone", Duration.ofSeconds(5), this::diagnostics,
                () -> shown().stream().noneMatch(t -> String.valueOf(t).contains("spam spam")));
        assertThat(owner.send("PUT", "/api/channels/" + OWNER + "/chat/bans/" + FAN, Map.of()).status()).isEqualTo(204);
        Poll.until("every line of the banned fan gone, the donation's too", Duration.ofSeconds(5), this::diagnostics,
                () -> shown().stream().noneMatch(t -> String.valueOf(t).contains("stream")
                        || String.valueOf(t).contains("for the overlay")));
        assertThat(shown()).as("the others' lines stay").anyMatch(t -> String.valueOf(t).contains("before the overlay"));
    }
}
