package io.onair.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A streamer in headless Chromium adds a Discord webhook on the dashboard: choosing Discord ticks "Stream starts"
 * alone, no event at all is refused at its field, the webhook is listed as a Discord message without a secret, and
 * going live posts the message with a link to the channel on the address the streamer's browser used.
 */
class WebhookDashboardBrowserTest extends PlatformServerTest {
    private static final String USER = "wh-browser";

    @Autowired
    StreamRegistry registry;

    @Test
    void aStreamerAddsADiscordWebhookAndGoingLivePostsToIt() throws Exception {
        ApiClient api = account(USER);
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer discord = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        discord.createContext("/api/webhooks/1/token", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1); // Discord's answer without ?wait=true
            exchange.close();
        });
        discord.start();
        String url = "http://127.0.0.1:" + discord.getAddress().getPort() + "/api/webhooks/1/token";
        try (Browser browser = Browser.start()) {
            browser.logIn(base().resolve("/login"), USER, PASSWORD);
            browser.open(base().resolve("/dashboard"));
            Poll.until("the dashboard", Duration.ofSeconds(15), browser::diagnostics,
                    () -> "ready".equals(browser.bodyState()));
            browser.eval("const f = document.querySelector('#webhook-form'); f.format.value = 'discord';"
                    + " f.format.dispatchEvent(new Event('change')); return true;");
            assertThat(browser.eval("return Array.from(document.querySelectorAll('#webhook-form [name=events]'))"
                    + ".filter(b => b.checked).map(b => b.value).join();")).isEqualTo("stream.online");

            browser.eval("const f = document.querySelector('#webhook-form'); f.url.value = arguments[0];"
                    + " f.querySelector('[value=\"stream.online\"]').checked = false; f.requestSubmit(); return true;",
                    url);
            Poll.until("no event refused at its field", Duration.ofSeconds(10), browser::diagnostics,
                    () -> Boolean.FALSE.equals(browser.eval(
                            "return document.querySelector('#webhook-form [data-error-for=events]').hidden;")));
            assertThat(api.get("/api/channels/" + USER + "/webhooks").json().size()).as("nothing sent").isZero();

            browser.eval("const f = document.querySelector('#webhook-form');"
                    + " f.querySelector('[value=\"stream.online\"]').checked = true; f.requestSubmit(); return true;");
            Poll.until("the webhook listed", Duration.ofSeconds(10), browser::diagnostics,
                    () -> browser.eval("return document.querySelectorAll('#webhook-list li').length;").equals(1L));
            String text = String.valueOf(browser.eval("return document.querySelector('#webhook-list li').textContent;"));
            assertThat(text).contains(url).contains("Discord message · Stream starts").doesNotContain("whsec_");
            JsonNode hook = api.get("/api/channels/" + USER + "/webhooks").json().get(0);
            assertThat(hook.path("format").asString()).isEqualTo("discord");
            // The browser's Origin: the address the streamer (and so the viewers) reach the site by.
            String site = base().toString().replaceAll("/$", "");
            assertThat(hook.path("siteUrl").asString()).isEqualTo(site);
        }

        Publication live = registry.startPublishing(USER, reason -> { });
        try {
            String body = Poll.until("the go-live post", Duration.ofSeconds(10), posted::toString,
                    () -> posted.stream().findFirst());
            assertThat(body).contains("is live").contains(base() + USER + "\"")
                    .contains("\"allowed_mentions\":{\"parse\":[]}");
        } finally {
            live.end(EndReason.CLEAN);
            discord.stop(0);
        }
    }
}
