package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A viewer's browser: headless Chromium opens the watch page while ffmpeg publishes, and the page plays the stream
 * with hls.js (MediaSource, H.264 + AAC). The pages mirror their state for tests on {@code <body data-state>} and
 * {@code window.onair} ({@code web/src/hooks.ts}).
 */
class WatchPageBrowserTest extends LiveServerTest {
    private ExternalProcess publisher;
    private Browser browser;

    @BeforeAll
    void publishAndStartBrowser() {
        // Long enough for every test of the class; destroyed after the last one.
        publisher = closeAfterAll(Ffmpeg.publisher(rtmpUrl(keyOf(BROWSER)))
                .size("640x360").gop(30).bFrames(2).realtime(true).duration(Duration.ofSeconds(60)).start());
        browser = closeAfterAll(Browser.start());
        Poll.until("channel '" + BROWSER + "' live", Duration.ofSeconds(20), publisher::describe,
                () -> hls().master(BROWSER).isPresent());
    }

    private String diagnostics() {
        return "body data-state=" + browser.bodyState() + ", window.onair.player="
                + browser.eval("return window.onair && window.onair.player ? JSON.stringify(window.onair.player) : null;")
                + "\nbrowser console:\n" + browser.console() + "\n" + publisher.describe();
    }

    @Test
    void livePagePlaysAndVideoTimeAdvances() {
        browser.open(httpBase().resolve("/" + BROWSER));
        Poll.until("data-state=playing", Duration.ofSeconds(30), this::diagnostics,
                () -> browser.bodyState().equals("playing"));
        double start = currentTime();
        // Playing for real: the media clock moves on by 2 s (hls.js keeps fetching segments as they are listed).
        Poll.until("currentTime to advance 2 s past " + start, Duration.ofSeconds(15), this::diagnostics,
                () -> currentTime() >= start + 2.0);
        assertThat(publisher.isAlive()).as(publisher::describe).isTrue();
        assertThat(browser.bodyState()).as(this::diagnostics).isEqualTo("playing");
        assertThat(browser.eval("return window.onair.player.error === undefined || window.onair.player.error === null;"))
                .as(this::diagnostics).isEqualTo(Boolean.TRUE);
        assertThat(browser.eval("return window.onair.video.error === null;")).as("the <video> has no MediaError")
                .isEqualTo(Boolean.TRUE);
    }

    /**
     * A streamer's own site (another origin: a second HTTP server here) frames the embeddable player, the embeddable
     * chat and the watch page: the player plays and counts as a viewer (the chat does not), its channel name links to
     * the watch page in a new tab; the watch page refuses to be
     * framed (clickjacking). Which sites {@code onair.embed.frame-ancestors} lets frame the embed: {@code EmbedFramingTest}.
     */
    @Test
    void theEmbeddablePlayerPlaysInAnotherSitesFrameAndOnlyItMayBeFramed() throws Exception {
        String embed = httpBase().resolve("/embed/" + BROWSER).toString();
        String watch = httpBase().resolve("/" + BROWSER).toString();
        com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = ("<!doctype html><title>my site</title>"
                + "<iframe id=embed src='" + embed + "' width=640 height=400 allow='autoplay; fullscreen'></iframe>"
                + "<iframe id=watch src='" + watch + "' width=320 height=200></iframe>"
                + "<iframe id=chat src='" + embed + "/chat' width=320 height=400></iframe>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        site.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        try {
            browser.open(URI.create("http://127.0.0.1:" + site.getAddress().getPort() + "/"));
            assertThat(browser.eval("return location.port;")).as("another origin").isNotEqualTo(
                    String.valueOf(httpBase().getPort()));
            browser.enterFrame("#embed");
            Poll.until("the embed playing", Duration.ofSeconds(30), this::diagnostics,
                    () -> browser.bodyState().equals("playing"));
            double start = currentTime();
            Poll.until("the embed's video advancing", Duration.ofSeconds(15), this::diagnostics,
                    () -> currentTime() >= start + 1.0);
            assertThat(browser.eval("const a = document.querySelector('#channel-link');"
                    + "return [a.getAttribute('href'), a.target, document.querySelector('#channel-name').textContent];"))
                    .isEqualTo(List.of("/" + BROWSER, "_blank", BROWSER));
            assertThat(browser.eval("return !!document.querySelector('#chat, #clip-button, #dvr');"))
                    .as("the player alone").isEqualTo(Boolean.FALSE);
            browser.leaveFrame();
            browser.enterFrame("#chat");
            Poll.until("the embedded chat connected", Duration.ofSeconds(15), this::diagnostics,
                    () -> "open".equals(browser.eval("return window.onairChatEmbed && window.onairChatEmbed.ws;")));
            browser.leaveFrame();
            // The player is a viewer (its live WebSocket), the chat beside it is not, and the framed watch page never
            // ran: one viewer.
            Poll.until("one viewer", Duration.ofSeconds(10), this::diagnostics,
                    () -> new ApiClient(httpBase()).get("/api/channels/" + BROWSER + "/status").json()
                            .path("viewers").asInt() == 1);
            browser.enterFrame("#watch");
            assertThat(String.valueOf(browser.eval("return location.href;"))).as("the watch page is not framed")
                    .startsWith("chrome-error://");
            browser.leaveFrame();
        } finally {
            site.stop(0);
        }
        ApiClient.Response headers = new ApiClient(httpBase()).get("/embed/" + BROWSER);
        assertThat(headers.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors *");
        assertThat(headers.headers().firstValue("X-Frame-Options")).isEmpty();
        ApiClient.Response watchHeaders = new ApiClient(httpBase()).get("/" + BROWSER);
        assertThat(watchHeaders.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("frame-ancestors 'none'");
        assertThat(watchHeaders.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void offlineChannelShowsTheOfflineState() {
        browser.open(httpBase().resolve("/" + OFFLINE));
        Poll.until("data-state=offline", Duration.ofSeconds(15), this::diagnostics,
                () -> browser.bodyState().equals("offline"));
        assertThat(browser.eval("return window.onair.player.state;")).isEqualTo("offline");
        assertThat(browser.eval("return window.onair.video.currentTime;")).as("nothing plays")
                .isIn(0L, 0.0, 0);
    }

    @Test
    void homePageListsTheLiveChannel() {
        browser.open(httpBase().resolve("/"));
        List<Object> channels = Poll.until("the home page listing '" + BROWSER + "'", Duration.ofSeconds(15),
                this::diagnostics, () -> {
                    Object listed = browser.eval("return window.onair && window.onair.home ? window.onair.home.channels : null;");
                    return listed instanceof List<?> l && l.contains(BROWSER)
                            ? Optional.of(List.<Object>copyOf(l)) : Optional.<List<Object>>empty();
                });
        assertThat(channels).doesNotContain(OFFLINE);
        assertThat(browser.bodyState()).isEqualTo("list");
        assertThat(browser.eval("return document.querySelector('a[href$=\"/" + BROWSER + "\"]') !== null;"))
                .as("a link to the watch page").isEqualTo(Boolean.TRUE);
    }

    @Test
    void unknownChannelPageShowsAnError() {
        browser.open(httpBase().resolve("/nosuchchannel"));
        Poll.until("data-state=error", Duration.ofSeconds(15), this::diagnostics,
                () -> browser.bodyState().equals("error"));
        assertThat(browser.eval("return window.onair.player.error;")).as(this::diagnostics).isNotNull();
    }

    @Test
    void offlinePageStartsPlayingByItselfWhenTheChannelGoesLiveAndShowsOfflineWhenItEnds() {
        browser.open(httpBase().resolve("/" + LATER));
        Poll.until("data-state=offline before the stream starts", Duration.ofSeconds(15), this::diagnostics,
                () -> browser.bodyState().equals("offline"));
        ExternalProcess later = closeAfterEach(Ffmpeg.publisher(rtmpUrl(keyOf(LATER)))
                .size("320x240").realtime(true).duration(Duration.ofSeconds(12)).start());
        // No reload, no click: the page's status polling notices the channel is live and starts the player.
        Poll.until("data-state=playing without a reload", Duration.ofSeconds(30),
                () -> diagnostics() + "\n" + later.describe(), () -> browser.bodyState().equals("playing"));
        double playingAt = currentTime();
        Poll.until("currentTime advancing", Duration.ofSeconds(10), this::diagnostics,
                () -> currentTime() > playingAt + 1.0);
        later.assertSucceeds(Duration.ofSeconds(30));
        Poll.until("data-state=offline after the stream ended", Duration.ofSeconds(30), this::diagnostics,
                () -> browser.bodyState().equals("offline"));
        assertThat(browser.eval("return window.onair.player.error === undefined || window.onair.player.error === null;"))
                .as(this::diagnostics).isEqualTo(Boolean.TRUE);
    }

    private double currentTime() {
        Object t = browser.eval("return window.onair && window.onair.video ? window.onair.video.currentTime : 0;");
        return t instanceof Number n ? n.doubleValue() : 0;
    }
}
