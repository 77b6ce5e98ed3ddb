package io.onair.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7's live rewind and clips in a viewer's browser, on the real server: ffmpeg broadcasts 75 s in real time to
 * an account's channel while a logged-in viewer watches in headless Chromium. Once 40 s are recorded the viewer
 * rewinds 30 s: the page plays the recording (the replay's DVR playlist) about 30 s behind live, and plays on; "Go
 * live" brings it back to the LL-HLS playlist within a few seconds of live. The Clip button makes a clip of the last
 * seconds and shows its link; the server's refusal is shown. Rewound again when the broadcast ends, the page plays
 * the recording on to its end, links the replay, and then shows the channel offline with the same link.
 *
 * <p>"Behind live" is measured by the page: now minus the EXT-X-PROGRAM-DATE-TIME at the playhead
 * ({@code window.onair.player.latency}); the live and the recorded playlists carry it on the same (the server's) clock,
 * and the browser runs on the same machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveRewindBrowserTest extends PlatformServerTest {
    private static final String OWNER = "lr-owner";
    private static final String VIEWER = "lr-viewer";
    private static final Duration SENT = Duration.ofSeconds(75);

    private ExternalProcess publisher;
    private Browser browser;
    private long replay;

    @BeforeAll
    void broadcastAndLogIn() {
        String key = account(OWNER).get("/api/channels/" + OWNER + "/stream-key").json().path("streamKey").asString();
        account(VIEWER);
        publisher = Ffmpeg.publisher(rtmpUrl(key)).size("426x240").fps(30).gop(30).realtime(true).duration(SENT)
                .start();
        browser = Browser.start();
        browser.logIn(base().resolve("/login?next=" + URLEncoder.encode("/" + OWNER, StandardCharsets.UTF_8)), VIEWER,
                PASSWORD);
        Poll.until("the viewer logged in, on the watch page", Duration.ofSeconds(15), this::diagnostics,
                () -> ("/" + OWNER).equals(String.valueOf(browser.eval("return location.pathname;"))));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    @Test
    @Order(1)
    void aViewerRewindsALiveStream30SecondsAndReturnsToLive() {
        awaitPlaying("live");
        assertThat(player("url")).isEqualTo(base().resolve("/live/" + OWNER + "/master.m3u8").toString());
        JsonNode live = Poll.until("40 s recorded", Duration.ofSeconds(60), this::diagnostics,
                () -> Optional.of(client().get("/api/channels/" + OWNER + "/replays").json())
                        .filter(r -> r.size() == 1 && r.get(0).path("live").asBoolean()
                                && r.get(0).path("duration").asDouble() >= 40)
                        .map(r -> r.get(0)));
        replay = live.path("id").asLong();
        Poll.until("the rewind controls", Duration.ofSeconds(15), this::diagnostics,
                () -> Boolean.FALSE.equals(browser.eval("return document.getElementById('dvr').hidden;")));
        Poll.until("playing live, less than 5 s behind", Duration.ofSeconds(15), this::diagnostics,
                () -> latency() < 5);

        click("rewind-30");
        awaitPlaying("rewind");
        assertThat(player("url")).isEqualTo(base().resolve("/vod/" + replay + "/master.m3u8").toString());
        // 30 s before the moment on screen, which was 1.5-2 s behind live; a few seconds of slack for a loaded machine.
        double behind = latency();
        assertThat(behind).as(this::diagnostics).isBetween(29.0, 36.0);
        double at = currentTime();
        Poll.until("the rewound video playing on, 4 s", Duration.ofSeconds(10), this::diagnostics,
                () -> currentTime() >= at + 4);
        assertThat(latency()).as("no stall: as far behind as before").isBetween(behind - 2, behind + 2);
        assertThat(text("dvr-behind")).as(this::diagnostics).matches("-0:(29|3[0-6])");
        assertThat(text("latency")).contains("0:");

        click("go-live");
        awaitPlaying("live");
        assertThat(player("url")).isEqualTo(base().resolve("/live/" + OWNER + "/master.m3u8").toString());
        Poll.until("less than 5 s behind live again", Duration.ofSeconds(15), this::diagnostics,
                () -> latency() < 5);
        assertThat(browser.eval("return document.getElementById('go-live').disabled;")).isEqualTo(Boolean.TRUE);
    }

    @Test
    @Order(2)
    void theClipButtonMakesAClipOfTheLastSecondsAndShowsItsLinkOrTheRefusal() {
        Poll.until("the Clip button for a logged-in viewer", Duration.ofSeconds(10), this::diagnostics,
                () -> Boolean.FALSE.equals(browser.eval("return document.getElementById('clip-button').hidden;")));
        click("clip-button");
        browser.eval("document.getElementById('clip-seconds').value = '20';"
                + "document.getElementById('clip-title').value = 'rewind test clip';"
                + "document.getElementById('clip-form').requestSubmit(); return null;");
        String page = Poll.until("the clip's link", Duration.ofSeconds(10), this::diagnostics,
                () -> Optional.ofNullable(browser.eval(
                        "return window.onairClipButton.created ? window.onairClipButton.created.page : null;")).map(String::valueOf));
        assertThat(page).startsWith(base().resolve("/clips/").toString());
        assertThat(browser.eval("return document.getElementById('clip-link').href;")).isEqualTo(page);
        assertThat(browser.eval("return document.getElementById('clip-result').hidden;")).isEqualTo(Boolean.FALSE);
        String id = page.substring(page.lastIndexOf('/') + 1);
        JsonNode clip = client().get("/api/clips/" + id).json();
        assertThat(clip.path("page").asString()).isEqualTo("/clips/" + id);
        assertThat(clip.path("title").asString()).isEqualTo("rewind test clip");
        assertThat(clip.path("createdBy").asString()).isEqualTo(VIEWER);
        assertThat(clip.path("replay").asLong()).isEqualTo(replay);
        assertThat(clip.path("duration").asDouble()).isEqualTo(20.0);

        // Out of range: said at once; refused by the server: its message is shown.
        browser.eval("document.getElementById('clip-seconds').value = '61';"
                + "document.getElementById('clip-form').requestSubmit(); return null;");
        assertThat(browser.eval("return window.onairClipButton.error;")).asString().contains("5", "60");
        browser.eval("document.getElementById('clip-seconds').value = '10';"
                + "document.getElementById('clip-title').value = 'x'.repeat(141);"
                + "document.getElementById('clip-form').requestSubmit(); return null;");
        Poll.until("the server's refusal shown", Duration.ofSeconds(10), this::diagnostics,
                () -> String.valueOf(browser.eval("return document.getElementById('clip-error').textContent;"))
                        .contains("title"));
    }

    @Test
    @Order(3)
    void rewoundWhenTheBroadcastEndsThePagePlaysTheRecordingToItsEndAndLinksTheReplay() {
        click("rewind-30");
        awaitPlaying("rewind");
        publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(30)));
        Poll.until("the page told the broadcast ended", Duration.ofSeconds(30), this::diagnostics,
                () -> Boolean.FALSE.equals(browser.eval("return document.getElementById('dvr-replay').hidden;")));
        assertThat(browser.eval("return document.getElementById('dvr-replay').getAttribute('href');"))
                .isEqualTo(base().resolve("/videos/" + replay).toString());
        assertThat(browser.bodyState()).as(this::diagnostics).isEqualTo("playing");
        assertThat(player("mode")).isEqualTo("rewind");
        double at = currentTime();
        Poll.until("the recording playing on after the end", Duration.ofSeconds(10), this::diagnostics,
                () -> currentTime() >= at + 2);
        assertThat(browser.eval("return document.getElementById('go-live').hidden;")).isEqualTo(Boolean.TRUE);

        // The rest of the recording (about 30 s) plays out, then the channel is offline, with its replay linked.
        Poll.until("offline once the recording played out", Duration.ofSeconds(60), this::diagnostics,
                () -> browser.bodyState().equals("offline"));
        assertThat(browser.eval("return document.getElementById('overlay-link').hidden;")).isEqualTo(Boolean.FALSE);
        assertThat(browser.eval("return document.getElementById('overlay-link').href;"))
                .isEqualTo(base().resolve("/videos/" + replay).toString());
    }

    private void awaitPlaying(String mode) {
        Poll.until("playing (" + mode + ")", Duration.ofSeconds(30), this::diagnostics,
                () -> browser.bodyState().equals("playing") && mode.equals(player("mode"))
                        && browser.eval("return window.onair.player.latency;") != null);
    }

    private void click(String id) {
        browser.eval("document.getElementById('" + id + "').click(); return null;");
    }

    private String player(String field) {
        return String.valueOf(browser.eval("return window.onair.player." + field + ";"));
    }

    private String text(String id) {
        return String.valueOf(browser.eval("return document.getElementById('" + id + "').textContent;"));
    }

    private double latency() {
        Object latency = browser.eval("return window.onair.player.latency;");
        return latency instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private double currentTime() {
        return ((Number) browser.eval("return window.onair.video.currentTime;")).doubleValue();
    }

    private String diagnostics() {
        return "body data-state=" + browser.bodyState() + ", player="
                + browser.eval("return window.onair && window.onair.player ? JSON.stringify(window.onair.player) : null;")
                + ", clip=" + browser.eval("return JSON.stringify(window.onairClipButton || null);")
                + "\nbrowser console:\n" + browser.console() + "\n" + publisher.describe();
    }
}
