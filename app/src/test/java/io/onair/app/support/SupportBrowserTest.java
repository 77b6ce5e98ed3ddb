package io.onair.app.support;

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
 * Issue 6's browser test: a viewer donates on the watch page in one headless Chromium (test mode, badge shown);
 * the streamer's overlay, open in another, shows the alert with the message; the donation is highlighted in the
 * viewer's chat; reloading the overlay does not show the alert again.
 */
class SupportBrowserTest extends PlatformServerTest {
    private static final String OWNER = "sb-owner";
    private static final String FAN = "sb-fan";
    private Browser fan;
    private Browser overlay;

    @AfterAll
    void closeBrowsers() {
        if (fan != null) {
            fan.close();
        }
        if (overlay != null) {
            overlay.close();
        }
    }

    private static String diagnostics(Browser b) {
        return "url=" + b.eval("return location.href;") + " overlay=" + b.eval("return JSON.stringify(window.onairOverlay);")
                + " support=" + b.eval("return JSON.stringify(window.onairSupport);") + "\nconsole:\n" + b.console();
    }

    @Test
    void aDonationOnTheWatchPageShowsOnTheOverlayOnce() {
        ApiClient owner = account(OWNER);
        account(FAN);
        assertThat(owner.send("PUT", "/api/channels/" + OWNER + "/support", Map.of("currency", "USD",
                "donationMin", 100, "donationMax", 10_000, "tiers", List.of(Map.of("tier", 1, "name", "Fan",
                        "price", 499), Map.of("tier", 2, "name", "Super fan", "price", 999)))).status()).isEqualTo(200);
        String url = owner.get("/api/channels/" + OWNER + "/overlay").json().path("url").asString();

        overlay = Browser.start();
        overlay.open(base().resolve(url));
        Poll.until("overlay connected", Duration.ofSeconds(15), () -> diagnostics(overlay),
                () -> "open".equals(overlay.eval("return window.onairOverlay && window.onairOverlay.ws;")));

        fan = Browser.start();
        fan.logIn(base().resolve("/login"), FAN, PASSWORD);
        fan.open(base().resolve("/" + OWNER));
        Poll.until("support area ready", Duration.ofSeconds(15), () -> diagnostics(fan),
                () -> Boolean.TRUE.equals(fan.eval("return !!(window.onairSupport && window.onairSupport.ready"
                        + " && window.onairLive && window.onairLive.ws === 'open');")));
        assertThat(fan.eval("const b = document.querySelector('#support-test-mode');"
                + "return !b.hidden && b.textContent;")).isEqualTo("TEST MODE");

        fan.eval("document.querySelector('#donate-amount').value = '12.50';"
                + "document.querySelector('#donate-message').value = 'Love the stream <b>!</b>';"
                + "document.querySelector('#donate-form').requestSubmit(); return true;");
        Poll.until("the alert on the overlay", Duration.ofSeconds(5), () -> diagnostics(overlay),
                () -> Boolean.TRUE.equals(overlay.eval("const a = document.querySelector('#alert');"
                        + "return !a.hidden && a.querySelector('.alert-message')?.textContent === 'Love the stream <b>!</b>';")));
        assertThat(String.valueOf(overlay.eval("return document.querySelector('#alert .alert-title').textContent;")))
                .contains(FAN).contains("12.50");
        Poll.until("the donation highlighted in chat", Duration.ofSeconds(5), () -> diagnostics(fan),
                () -> Boolean.TRUE.equals(fan.eval("const li = document.querySelector('#chat-messages .chat-donation');"
                        + "return !!li && li.querySelector('.chat-text').textContent === 'Love the stream <b>!</b>';")));
        assertThat(fan.eval("return document.querySelector('#support-message').textContent;"))
                .isEqualTo("Thank you! Your donation was sent.");

        // The line is stored with the chat: the page reopened shows it from the history, once, still highlighted.
        fan.open(base().resolve("/" + OWNER));
        Poll.until("the donation in the chat history", Duration.ofSeconds(15), () -> diagnostics(fan),
                () -> Boolean.TRUE.equals(fan.eval("const l = document.querySelectorAll('#chat-messages .chat-donation');"
                        + "return l.length === 1 && l[0].querySelector('.chat-text').textContent === 'Love the stream <b>!</b>'"
                        + " && !!l[0].querySelector('.test-mode-badge');")));

        // Reload: the alert was acknowledged when shown, so it is not shown again.
        overlay.open(base().resolve(url));
        Poll.until("overlay reconnected", Duration.ofSeconds(15), () -> diagnostics(overlay),
                () -> "open".equals(overlay.eval("return window.onairOverlay && window.onairOverlay.ws;")));
        sleep(1500);
        assertThat(overlay.eval("return window.onairOverlay.shown.length;")).as(diagnostics(overlay)).isEqualTo(0L);
        assertThat(overlay.eval("return document.querySelector('#alert').hidden;")).isEqualTo(true);

        // Subscribing at Tier 2 through the form: the page says until when, and Tier 1 is no longer offered (the
        // server would refuse it while Tier 2 runs).
        fan.eval("document.querySelector('#subscribe-tier').value = '2';"
                + "document.querySelector('#subscribe-form').requestSubmit(); return true;");
        Poll.until("subscribed, Tier 1 not offered", Duration.ofSeconds(5), () -> diagnostics(fan),
                () -> Boolean.TRUE.equals(fan.eval("const o = document.querySelector('#subscribe-tier').options;"
                        + "return !document.querySelector('#subscribed').hidden && o[0].disabled && !o[1].disabled"
                        + " && document.querySelector('#subscribe-tier').value === '2';")));
        Poll.until("the subscription's alert on the overlay", Duration.ofSeconds(5), () -> diagnostics(overlay),
                () -> "subscription sb-fan 999".equals(overlay.eval("const c = window.onairOverlay.current;"
                        + "return c && (c.kind + ' ' + c.user + ' ' + c.amount);")));

        // The owner's dashboard (in the second browser, now logged in as the owner): the overlay URL, then the
        // "Send test alert" button, which the open overlay shows.
        fan.logIn(base().resolve("/login"), OWNER, PASSWORD);
        Poll.until("the overlay URL on the dashboard", Duration.ofSeconds(15), () -> diagnostics(fan),
                () -> String.valueOf(fan.eval("const c = document.querySelector('#overlay-url');"
                        + "return location.pathname + ' ' + (c ? c.textContent : '');")).endsWith(url));
        fan.eval("document.querySelector('#test-alert').click(); return true;");
        // Alerts queue: the test alert follows the subscription's, which may still be on screen.
        Poll.until("the test alert on the overlay", Duration.ofSeconds(15), () -> diagnostics(overlay),
                () -> Boolean.TRUE.equals(overlay.eval("const a = document.querySelector('#alert');"
                        + "return !a.hidden && a.querySelector('.alert-message')?.textContent === 'This is a test alert.';")));

        // The owner on the watch page: the donation's line has the moderation tools like any line, and banning the
        // donor removes it from the open page (the payment itself stays recorded).
        fan.open(base().resolve("/" + OWNER));
        Poll.until("the donation line with moderation tools", Duration.ofSeconds(15), () -> diagnostics(fan),
                () -> Boolean.TRUE.equals(fan.eval("const li = document.querySelector('#chat-messages .chat-donation');"
                        + "return !!li && !!li.querySelector('.chat-tools') && window.onairLive.ws === 'open';")));
        assertThat(owner.send("PUT", "/api/channels/" + OWNER + "/chat/bans/" + FAN, Map.of()).status()).isEqualTo(204);
        Poll.until("the banned donor's line gone from the open page", Duration.ofSeconds(5), () -> diagnostics(fan),
                () -> Boolean.TRUE.equals(fan.eval("return document.querySelectorAll('#chat-messages .chat-donation').length === 0;")));
        assertThat(owner.get("/api/channels/" + OWNER + "/activity").json().path("events").findValuesAsString("kind"))
                .contains("donation");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
