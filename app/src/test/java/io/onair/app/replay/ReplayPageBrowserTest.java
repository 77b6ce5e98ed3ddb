package io.onair.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7's pages in headless Chromium on the real server. ffmpeg broadcasts 40 s in real time to an account's
 * channel while a viewer chats twice through the REST API, once after ~10 s and once after ~26 s. Once the replay has
 * ended: its page seeks and the chat follows the playhead (a line is absent before its time, shown after it, gone
 * again after a seek back, and appears while playing only once the playhead passes it); the download button waits
 * while the MP4 is being made; hovering the seek bar shows the thumbnail strip's tile for that time. A clip's page plays from the clip's start and stops at its end. The owner
 * clips from the replay page, then renames and hides the replay on the dashboard, after which anonymous viewers no
 * longer see it on the channel page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayPageBrowserTest extends PlatformServerTest {
    private static final String OWNER = "rpb-owner";
    private static final String VIEWER = "rpb-viewer";
    private static final Duration SENT = Duration.ofSeconds(40);
    private static final String FIRST = "first line, early on";
    private static final String SECOND = "second line, later";

    private ApiClient owner;
    private ApiClient viewer;
    private ExternalProcess publisher;
    private long replay;
    private double first;
    private double second;
    private Browser anonymous;
    private Browser ownerBrowser;

    @BeforeAll
    void broadcast() {
        owner = account(OWNER);
        viewer = account(VIEWER);
        String key = owner.get("/api/channels/" + OWNER + "/stream-key").json().path("streamKey").asString();
        publisher = Ffmpeg.publisher(rtmpUrl(key)).size("320x180").fps(30).gop(30).realtime(true).duration(SENT)
                .start();
    }

    @AfterAll
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
        if (anonymous != null) {
            anonymous.close();
        }
        if (ownerBrowser != null) {
            ownerBrowser.close();
        }
    }

    private JsonNode liveReplayWith(double seconds) {
        return Poll.until("a live replay with " + seconds + " s recorded", Duration.ofSeconds(60), publisher::describe,
                () -> Optional.of(client().get("/api/channels/" + OWNER + "/replays").json())
                        .filter(r -> r.size() == 1 && r.get(0).path("live").asBoolean()
                                && r.get(0).path("duration").asDouble() >= seconds).map(r -> r.get(0)));
    }

    private static String diagnostics(Browser b) {
        return "url=" + b.eval("return location.href;") + " data-state=" + b.bodyState() + " hooks="
                + b.eval("const h = window.onairReplay || window.onairClip || window.onairVideos; if (!h) return null;"
                        + "return JSON.stringify(h, (k, v) => v instanceof HTMLElement ? v.currentTime : v);")
                + "\nconsole:\n" + b.console();
    }

    @Test
    @Order(1)
    void aViewerChatsDuringTheBroadcastAndTheReplayEnds() {
        replay = liveReplayWith(10).path("id").asLong();
        assertThat(viewer.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", FIRST)).status())
                .isEqualTo(201);
        liveReplayWith(26);
        assertThat(viewer.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", SECOND)).status())
                .isEqualTo(201);
        publisher.assertSucceeds(SENT.plus(Duration.ofSeconds(30)));
        Poll.until("the replay ended", Duration.ofSeconds(30), publisher::describe,
                () -> !client().get("/api/replays/" + replay).json().path("live").asBoolean());

        JsonNode lines = client().get("/api/replays/" + replay + "/chat").json();
        first = offsetOf(lines, FIRST);
        second = offsetOf(lines, SECOND);
        assertThat(first).as("the first line's time in the replay").isBetween(8.0, 20.0);
        assertThat(second - first).as("the lines' distance").isGreaterThan(10.0);
        assertThat(second).isLessThan(38.0);
    }

    private static double offsetOf(JsonNode lines, String text) {
        return StreamSupport.stream(lines.spliterator(), false).filter(l -> l.path("text").asString().equals(text))
                .findFirst().orElseThrow(() -> new AssertionError("no line '" + text + "' in " + lines))
                .path("offset").asDouble();
    }

    // --- The replay page ----------------------------------------------------------------------------------------

    private boolean shown(String text) {
        return Boolean.TRUE.equals(anonymous.eval("return [...document.querySelectorAll('#chat-messages .chat-text')]"
                + ".some(e => e.textContent === " + ApiClient.JSON.writeValueAsString(text) + ");"));
    }

    /** Seeks the paused video to {@code t} and waits until the seek is done. */
    private void seek(double t) {
        anonymous.eval("const v = window.onairReplay.video; v.pause(); v.currentTime = " + t + "; return true;");
        Poll.until("the video at " + t + " s", Duration.ofSeconds(15), () -> diagnostics(anonymous),
                () -> Boolean.TRUE.equals(anonymous.eval("const v = window.onairReplay.video;"
                        + "return !v.seeking && Math.abs(v.currentTime - " + t + ") < 0.3 && v.readyState >= 2;")));
    }

    @Test
    @Order(2)
    void theReplayPageSeeksAndTheChatLinesAppearAtTheirTimes() {
        anonymous = Browser.start();
        anonymous.open(base().resolve("/videos/" + replay));
        Poll.until("the replay page ready", Duration.ofSeconds(20), () -> diagnostics(anonymous),
                () -> "ready".equals(anonymous.bodyState()));
        String title = client().get("/api/replays/" + replay).json().path("title").asString();
        String shownTitle = String.valueOf(anonymous.eval("return document.querySelector('#replay-title').textContent;"));
        if (title.isEmpty()) {
            assertThat(shownTitle).as("an untitled replay: channel and date").startsWith(OWNER + " · ");
        } else {
            assertThat(shownTitle).isEqualTo(title);
        }
        assertThat(anonymous.eval("return document.querySelector('#channel-link').getAttribute('href');"))
                .isEqualTo("/" + OWNER);

        // Before the first line's time: every line of these 40 s is loaded (windows around the playhead), none due.
        int total = client().get("/api/replays/" + replay + "/chat").json().size();
        seek(first - 3);
        Poll.until("the chat around the playhead loaded", Duration.ofSeconds(10), () -> diagnostics(anonymous),
                () -> ((Number) anonymous.eval("return window.onairReplay.chat.loaded;")).intValue() >= total);
        assertThat(shown(FIRST)).as("the first line before its time").isFalse();

        seek(first + 2);
        Poll.until("the first line shown after its time", Duration.ofSeconds(5), () -> diagnostics(anonymous),
                () -> shown(FIRST));
        assertThat(shown(SECOND)).as("the second line, long before its time").isFalse();

        seek(first - 3);
        Poll.until("the first line gone after seeking back", Duration.ofSeconds(5), () -> diagnostics(anonymous),
                () -> !shown(FIRST));

        // Play across the second line's time: it appears only once the playhead has passed it.
        seek(second - 3);
        anonymous.eval("window.onairReplay.video.play(); return true;");
        List<String> samples = new ArrayList<>();
        String probe = "const v = window.onairReplay.video; return [v.currentTime, [...document.querySelectorAll("
                + "'#chat-messages .chat-text')].some(e => e.textContent === " + ApiClient.JSON.writeValueAsString(SECOND)
                + ")];";
        double appearedAt = Poll.until("the second line while playing", Duration.ofSeconds(15),
                () -> samples + "\n" + diagnostics(anonymous), () -> {
                    List<?> sample = (List<?>) anonymous.eval(probe);
                    double t = ((Number) sample.get(0)).doubleValue();
                    boolean visible = Boolean.TRUE.equals(sample.get(1));
                    samples.add(String.format("%.2f:%s", t, visible));
                    assertThat(visible && t < second).as("shown at %.2f s, before its time %.2f s", t, second).isFalse();
                    return visible ? Optional.of(t) : Optional.empty();
                });
        assertThat(samples.stream().filter(s -> s.endsWith(":false")).count())
                .as("samples without it while playing towards it: %s", samples).isGreaterThan(3);
        assertThat(appearedAt).as("appeared soon after the playhead passed %.2f s", second).isLessThan(second + 1.0);
        anonymous.eval("window.onairReplay.video.pause(); return true;");
    }

    @Test
    @Order(3)
    void theDownloadButtonWaitsWhileTheMp4IsBeingMade() {
        // The first request starts the remux: the server answers 503 + Retry-After until the file exists.
        anonymous.eval("document.querySelector('#download').click(); return true;");
        assertThat(anonymous.eval("return window.onairReplay.download;")).isEqualTo("preparing");
        assertThat(anonymous.eval("return document.querySelector('#download-spinner').hidden;")).isEqualTo(false);
        Poll.until("the download started", Duration.ofSeconds(60), () -> diagnostics(anonymous),
                () -> "started".equals(anonymous.eval("return window.onairReplay.download;")));
        assertThat(anonymous.eval("return location.pathname;")).as("an attachment: the page stays")
                .isEqualTo("/videos/" + replay);
        assertThat(status("/vod/" + replay + "/download.mp4")).isEqualTo(200);
    }

    private int status(String path) {
        return client().get(path).status();
    }

    @Test
    @Order(4)
    void hoveringTheSeekBarShowsTheThumbnailTileForThatTime() {
        JsonNode thumbs = Poll.until("the thumbnail strip", Duration.ofSeconds(30), () -> "",
                () -> Optional.of(client().get("/api/replays/" + replay).json().path("thumbnails"))
                        .filter(t -> t.path("count").asInt() > 0));
        // The page asks again for thumbnails every 10 s until they exist.
        Poll.until("the page knows the thumbnails", Duration.ofSeconds(25), () -> diagnostics(anonymous),
                () -> Boolean.TRUE.equals(anonymous.eval("return window.onairReplay.replay.thumbnails;")));
        anonymous.hover("#seek-wrap", 0.5);
        Poll.until("the preview shown", Duration.ofSeconds(5), () -> diagnostics(anonymous),
                () -> Boolean.FALSE.equals(anonymous.eval("return document.querySelector('#seek-preview').hidden;")));
        List<?> preview = (List<?>) anonymous.eval("const p = document.querySelector('#seek-preview');"
                + "return [p.style.backgroundImage, p.style.backgroundPosition, Number(p.dataset.time)];");
        assertThat(String.valueOf(preview.get(0))).contains(thumbs.path("url").asString());
        double t = ((Number) preview.get(2)).doubleValue();
        double duration = client().get("/api/replays/" + replay).json().path("duration").asDouble();
        assertThat(t).as("the time under the pointer, mid-bar").isCloseTo(duration / 2, org.assertj.core.data.Offset.offset(3.0));
        int tile = Math.min(thumbs.path("count").asInt() - 1, (int) Math.floor(t / thumbs.path("interval").asDouble()));
        int columns = thumbs.path("columns").asInt();
        // tile i of the sprite: x = (i % columns) * width, y = floor(i / columns) * height
        String expected = -(tile % columns) * thumbs.path("width").asInt() + "px "
                + -(tile / columns) * thumbs.path("height").asInt() + "px";
        assertThat(preview.get(1)).as("tile %d for %.2f s", tile, t).isEqualTo(expected);
        String time = String.valueOf(anonymous.eval("return document.querySelector('#seek-preview-time').textContent;"));
        assertThat(time).matches("0:[0-5][0-9]");
        assertThat(Integer.parseInt(time.substring(2))).as("the preview's time, %s", time)
                .isBetween((int) Math.floor(t) - 1, (int) Math.floor(t));
    }

    // --- The clip page ------------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void theClipPagePlaysFromTheClipsStartAndStopsAtItsEnd() {
        ApiClient.Response made = viewer.send("POST", "/api/replays/" + replay + "/clips",
                Map.of("start", 11.0, "duration", 5.0, "title", "the good bit"));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        JsonNode clip = made.json();
        double start = clip.path("start").asDouble();
        double end = start + clip.path("duration").asDouble();

        anonymous.open(base().resolve(clip.path("page").asString()));
        Poll.until("the clip playing", Duration.ofSeconds(20), () -> diagnostics(anonymous),
                () -> "playing".equals(anonymous.bodyState()) && ((Number) anonymous.eval(
                        "return window.onairClip.video.currentTime;")).doubleValue() > start + 0.5);
        assertThat(((Number) anonymous.eval("return window.onairClip.start;")).doubleValue()).isEqualTo(start);
        assertThat(anonymous.eval("return document.querySelector('#clip-title').textContent;")).isEqualTo("the good bit");
        assertThat(String.valueOf(anonymous.eval("return document.querySelector('#clip-by').textContent;")))
                .contains(VIEWER);
        assertThat(anonymous.eval("return document.querySelector('#share-url').value;"))
                .isEqualTo(base().resolve(clip.path("page").asString()).toString());
        assertThat(anonymous.eval("return document.querySelector('#delete-clip').hidden;"))
                .as("an anonymous viewer may not delete").isEqualTo(true);
        Poll.until("the replay link", Duration.ofSeconds(5), () -> diagnostics(anonymous),
                () -> ("/videos/" + replay).equals(anonymous.eval(
                        "const a = document.querySelector('#replay-link'); return a.hidden ? null : a.getAttribute('href');")));

        Poll.until("the clip ended", Duration.ofSeconds(20), () -> diagnostics(anonymous),
                () -> "ended".equals(anonymous.bodyState()));
        List<?> state = (List<?>) anonymous.eval("const v = window.onairClip.video; return [v.paused, v.currentTime];");
        assertThat(state.get(0)).as("paused at the end").isEqualTo(true);
        assertThat(((Number) state.get(1)).doubleValue()).as("stopped at the clip's end %.2f s", end)
                .isBetween(end - 0.1, end + 0.4);
        Poll.pause(Duration.ofMillis(700));
        assertThat(((Number) anonymous.eval("return window.onairClip.video.currentTime;")).doubleValue())
                .as("still at its end").isLessThan(end + 0.4);
    }

    // --- The owner: clip from the replay page, rename and hide on the dashboard ---------------------------------

    private void logInOwner() {
        ownerBrowser = Browser.start();
        ownerBrowser.logIn(base().resolve("/login"), OWNER, PASSWORD);
        Poll.until("logged in, on the dashboard", Duration.ofSeconds(15), () -> diagnostics(ownerBrowser),
                () -> "/dashboard".equals(ownerBrowser.eval("return location.pathname;")));
    }

    /** The replays the channel page lists, for an anonymous viewer. */
    private List<Long> channelPageReplays() {
        anonymous.open(base().resolve("/" + OWNER));
        List<?> ids = Poll.until("the channel page's videos", Duration.ofSeconds(15), () -> diagnostics(anonymous),
                () -> Optional.ofNullable((List<?>) anonymous.eval(
                        "return window.onairVideos && window.onairVideos.ready ? window.onairVideos.replays : null;")));
        return ids.stream().map(id -> ((Number) id).longValue()).toList();
    }

    @Test
    @Order(6)
    void theOwnerClipsOnTheReplayPage() {
        logInOwner();
        ownerBrowser.open(base().resolve("/videos/" + replay));
        Poll.until("the clip form", Duration.ofSeconds(20), () -> diagnostics(ownerBrowser),
                () -> "ready".equals(ownerBrowser.bodyState()) && Boolean.FALSE.equals(
                        ownerBrowser.eval("return document.querySelector('#clip-maker').hidden;")));
        ownerBrowser.eval("const v = window.onairReplay.video; v.pause(); v.currentTime = 20; return true;");
        Poll.until("at 20 s", Duration.ofSeconds(10), () -> diagnostics(ownerBrowser),
                () -> Boolean.TRUE.equals(ownerBrowser.eval("const v = window.onairReplay.video;"
                        + "return !v.seeking && Math.abs(v.currentTime - 20) < 0.3;")));
        ownerBrowser.eval("document.querySelector('#clip-duration').value = '8';"
                + "document.querySelector('#clip-title').value = 'owner <b>clip</b>';"
                + "document.querySelector('#clip-form').requestSubmit(); return true;");
        String page = Poll.until("the new clip's link", Duration.ofSeconds(10), () -> diagnostics(ownerBrowser),
                () -> Optional.ofNullable((String) ownerBrowser.eval("return window.onairReplay.clip;")));
        assertThat(page).matches("/clips/[A-Za-z0-9]+");
        assertThat(ownerBrowser.eval("return document.querySelector('#clip-link').getAttribute('href');")).isEqualTo(page);
        JsonNode clip = client().get("/api/clips/" + page.substring("/clips/".length())).json();
        assertThat(clip.path("title").asString()).isEqualTo("owner <b>clip</b>");
        assertThat(clip.path("duration").asDouble()).isEqualTo(8.0);
        assertThat(clip.path("createdBy").asString()).isEqualTo(OWNER);
    }

    @Test
    @Order(7)
    void theOwnerRenamesAndHidesTheReplayOnTheDashboardAndItLeavesTheChannelPage() {
        assertThat(channelPageReplays()).as("listed for anonymous viewers").containsExactly(replay);
        assertThat(anonymous.eval("return document.querySelector('#channel-videos').hidden;")).isEqualTo(false);
        assertThat(((Number) anonymous.eval("return window.onairVideos.clips.length;")).intValue()).isEqualTo(2);

        String row = "#replay-manager li[data-id=\"" + replay + "\"]";
        ownerBrowser.open(base().resolve("/dashboard"));
        Poll.until("the replay on the dashboard", Duration.ofSeconds(15), () -> diagnostics(ownerBrowser),
                () -> Boolean.TRUE.equals(ownerBrowser.eval("return document.querySelector('" + row + "') !== null;")));
        // The dashboard lists the replays first and asks for the storage use after them (dashboard-replays.ts).
        Poll.until("the storage use", Duration.ofSeconds(10), () -> diagnostics(ownerBrowser),
                () -> String.valueOf(ownerBrowser.eval("return document.querySelector('#storage-use').textContent;"))
                        .contains("1 replay"));

        ownerBrowser.eval("const f = document.querySelector('" + row + " form');"
                + "f.querySelector('input[name=title]').value = 'Renamed on the dashboard'; f.requestSubmit(); return true;");
        Poll.until("renamed", Duration.ofSeconds(10), () -> diagnostics(ownerBrowser),
                () -> "true".equals(String.valueOf(ownerBrowser.eval(
                        "const r = document.querySelector('" + row + "'); return r && r.dataset.saved;"))));
        assertThat(owner.get("/api/replays/" + replay).json().path("title").asString())
                .isEqualTo("Renamed on the dashboard");

        ownerBrowser.eval("document.querySelector('" + row + " .replay-hide').click(); return true;");
        Poll.until("hidden", Duration.ofSeconds(10), () -> diagnostics(ownerBrowser),
                () -> "true".equals(String.valueOf(ownerBrowser.eval(
                        "const r = document.querySelector('" + row + "'); return r && r.dataset.hidden;"))));
        assertThat(owner.get("/api/replays/" + replay).json().path("hidden").asBoolean()).isTrue();
        assertThat(client().get("/api/replays/" + replay).status()).isEqualTo(404);

        assertThat(channelPageReplays()).as("gone for anonymous viewers").isEmpty();
        anonymous.open(base().resolve("/videos/" + replay));
        Poll.until("no such video for anonymous viewers", Duration.ofSeconds(15), () -> diagnostics(anonymous),
                () -> "error".equals(anonymous.bodyState()));
    }
}
