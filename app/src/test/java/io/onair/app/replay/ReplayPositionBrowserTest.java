package io.onair.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The replay page where the player's time is not the replay's (issue 7). Positions (chat offsets, clip starts,
 * {@code ?t=}) count from the broadcast's first program date-time; the player counts from the first segment it
 * loaded, along the durations. With {@code onair.replays.dvr-window=1m} and {@code onair.hls.end-grace=15s}, ffmpeg
 * broadcasts in real time, is killed ~8 s in and comes back a few seconds later (a reconnect: the same replay,
 * after a discontinuity whose program date-time jumps by the time away); a viewer chats once ~70 s in.
 *
 * <ol>
 * <li>Still live, ~76 s recorded: the rewind's window has slid past the reconnect and starts ~20 s in. The page,
 * opened a few seconds before the line's time, plays that moment (the video's time plus the window's start, read
 * from the server's own playlist), its seek bar shows the position and starts where the window does, and the line
 * appears when the video reaches the moment it was said.</li>
 * <li>Ended: the whole replay, the reconnect's gap in it. The same checks, with the gap as the difference.</li>
 * </ol>
 * Before the page mapped positions to the player's time it played the window's slide (~20 s), or the gap, later than
 * asked, and showed the line as much too late.
 *
 * <p>A context of its own (the window and the grace are properties), with a data directory of its own: two contexts
 * on one H2 file and one replay store would share background work.
 */
@TestPropertySource(properties = {"onair.replays.dvr-window=1m", "onair.hls.end-grace=15s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayPositionBrowserTest extends PlatformServerTest {
    private static final String OWNER = "sw-owner";
    private static final String VIEWER = "sw-viewer";
    private static final String LINE = "said about 70 s in";
    private static final Path OWN_DATA_DIR = tempDir("onair-replay-position-data-");

    @DynamicPropertySource
    static void ownDataDir(DynamicPropertyRegistry registry) {
        registry.add("onair.test.data-dir", OWN_DATA_DIR::toString);
    }

    @Value("${onair.data-dir}")
    private String dataDir;

    private ApiClient viewer;
    private ExternalProcess publisher;
    private Browser browser;
    private long replay;
    private Instant zero;
    private double said;

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
    void onALiveRewindWhoseWindowSlidThePagePlaysChatsAndSeeksInTheBroadcastsTime() throws InterruptedException {
        assertThat(Path.of(dataDir)).as("this context's own data directory").isEqualTo(OWN_DATA_DIR);
        ApiClient owner = account(OWNER);
        viewer = account(VIEWER);
        String key = owner.get("/api/channels/" + OWNER + "/stream-key").json().path("streamKey").asString();
        Ffmpeg ffmpeg = Ffmpeg.publisher(rtmpUrl(key)).size("320x180").fps(30).gop(30).realtime(true)
                .duration(Duration.ofSeconds(150));
        publisher = ffmpeg.start();
        replay = liveReplayWith(8).path("id").asLong();
        publisher.kill(); // dropped without unpublishing: the origin keeps the broadcast open for the grace
        Thread.sleep(4_000);
        publisher = ffmpeg.start();

        liveReplayWith(66);
        assertThat(viewer.send("POST", "/api/channels/" + OWNER + "/chat", Map.of("text", LINE)).status())
                .isEqualTo(201);
        JsonNode live = liveReplayWith(76);
        assertThat(live.path("id").asLong()).as("the reconnect continued the replay").isEqualTo(replay);
        zero = Instant.parse(live.path("firstProgramDateTime").asString());
        said = Poll.until("the line in the replay's chat", Duration.ofSeconds(10), publisher::describe,
                () -> stream(client().get("/api/replays/" + replay + "/chat").json())
                        .filter(l -> LINE.equals(l.path("text").asString())).findFirst()
                        .map(l -> l.path("offset").asDouble()));

        Playlist before = playlist();
        assertThat(before.text()).as("the window slid past the reconnect").doesNotContain("#EXT-X-DISCONTINUITY\n");
        assertThat(before.offset()).as("the rewind starts well after position 0").isGreaterThan(12);
        int t = (int) Math.floor(said - 4);
        openAt(t);
        double offset = pageOffset();
        // The page's window started between the two readings (it slides a 2 s segment at a time).
        assertThat(offset).as(this::diagnostics).isBetween(before.offset() - 0.5, playlist().offset() + 0.5);
        checkPlayingAndSeekBar(t, offset, offset);
        checkLineAppearsOnTime(offset);
    }

    @Test
    @Order(2)
    void onTheEndedReplayThePageSkipsTheReconnectsGap() {
        publisher.close();
        Poll.until("the replay ended", Duration.ofSeconds(40), publisher::describe,
                () -> !client().get("/api/replays/" + replay).json().path("live").asBoolean());
        Playlist vod = playlist();
        assertThat(vod.text()).as("the reconnect in the replay").contains("#EXT-X-DISCONTINUITY\n");
        assertThat(vod.offset()).as("the whole replay: from position 0").isCloseTo(0.0, within(0.01));
        double gap = vod.lastRunOffset();
        assertThat(gap).as("the time away, in positions past the discontinuity").isGreaterThan(3);
        int t = (int) Math.floor(said - 4);
        openAt(t);
        double offset = pageOffset();
        assertThat(offset).as(this::diagnostics).isCloseTo(gap, within(0.3));
        checkPlayingAndSeekBar(t, gap, 0);
        checkLineAppearsOnTime(offset);

        // A link into the last seconds: its position is past the media's length (by the time away), and the page
        // starts there, not that much earlier (it clamped the position to the media's length).
        int late = (int) Math.floor(vod.end() - 3);
        openAt(late);
        assertThat(number("return window.onairReplay.position();")).as(this::diagnostics)
                .isBetween(late - 0.6, vod.end() + 0.1);

        // A clip of the last seconds, by position: past the media's length by the time away, still in the replay.
        ApiClient.Response clip = viewer.send("POST", "/api/replays/" + replay + "/clips",
                Map.of("start", vod.end() - 3, "duration", 5.0));
        assertThat(clip.status()).as(clip.toString()).isEqualTo(201);
        String id = clip.json().path("id").asString();
        String master = client().get("/vod/clips/" + id + "/master.m3u8").body();
        String media = master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
        assertThat(lastSegment(client().get("/vod/clips/" + id + "/" + media).body()))
                .as("the clip ends with the replay").isEqualTo(lastSegment(vod.text()));
    }

    private static String lastSegment(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).reduce((a, b) -> b).orElseThrow();
    }

    private void openAt(int t) {
        if (browser != null) {
            browser.close();
        }
        browser = Browser.start();
        browser.open(base().resolve("/videos/" + replay + "?t=" + t));
        Poll.until("the replay page playing", Duration.ofSeconds(30), this::diagnostics,
                () -> "ready".equals(browser.bodyState())
                        && Boolean.TRUE.equals(browser.eval("const v = window.onairReplay.video;"
                                + "return v.currentTime > 0 && (v.ended"
                                + " || (!v.paused && !v.seeking && v.readyState >= 3));")));
    }

    /** The page's position minus the video's time, now. */
    private double pageOffset() {
        return number("return window.onairReplay.position() - window.onairReplay.video.currentTime;");
    }

    /** The moment asked for is playing, on the server's clock; the seek bar shows it and starts at {@code barStart}. */
    private void checkPlayingAndSeekBar(int t, double serverOffset, double barStart) {
        double playing = number("return window.onairReplay.video.currentTime;") + serverOffset;
        assertThat(playing).as(this::diagnostics).isBetween(t - 1.0, t + 6.0);
        List<?> bar = (List<?>) browser.eval("return [window.onairReplay.position(),"
                + " document.getElementById('position').textContent, Number(document.getElementById('seek').min)];");
        String[] shown = String.valueOf(bar.get(1)).split(":");
        double shownSeconds = Integer.parseInt(shown[0]) * 60 + Integer.parseInt(shown[1]);
        double position = ((Number) bar.get(0)).doubleValue();
        assertThat(shownSeconds).as("the seek bar shows the position (%s)", bar)
                .isBetween(position - 1.5, position + 0.5);
        assertThat(((Number) bar.get(2)).doubleValue()).as("where the seek bar starts (%s)", bar)
                .isCloseTo(barStart, within(0.2));
    }

    /** Playing on, the line appears when the video reaches the moment it was said, not before nor much after. */
    private void checkLineAppearsOnTime(double offset) {
        List<String> samples = new ArrayList<>();
        String probe = "const v = window.onairReplay.video; return [v.currentTime, window.onairReplay.chat.shown"
                + ".some(l => l.text === " + ApiClient.JSON.writeValueAsString(LINE) + ")];";
        double appearedAt = Poll.until("the line shown while playing", Duration.ofSeconds(20),
                () -> samples + "\n" + diagnostics(), () -> {
                    List<?> sample = (List<?>) browser.eval(probe);
                    double at = ((Number) sample.get(0)).doubleValue() + offset;
                    boolean visible = Boolean.TRUE.equals(sample.get(1));
                    samples.add(String.format("%.2f:%s", at, visible));
                    assertThat(visible && at < said - 0.3).as("shown at %.2f s, before its time %.2f s", at, said)
                            .isFalse();
                    return visible ? Optional.of(at) : Optional.empty();
                });
        assertThat(appearedAt).as("shown soon after its time %.2f s: %s", said, samples).isLessThan(said + 1.5);
    }

    /**
     * The replay's first media playlist as the server lists it now.
     *
     * @param offset        the first segment's position (its program date-time after position 0), s
     * @param lastRunOffset position minus playlist time for the segments after the last discontinuity
     * @param end           the position where the last segment ends
     */
    private record Playlist(String text, double offset, double lastRunOffset, double end) {
    }

    private Playlist playlist() {
        String master = client().get("/vod/" + replay + "/master.m3u8").body();
        String media = master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
        String text = client().get("/vod/" + replay + "/" + media).body();
        double first = Double.NaN;
        double runOffset = Double.NaN;
        double time = 0;
        double last = Double.NaN;
        boolean newRun = true;
        for (String line : text.lines().toList()) {
            if (line.equals("#EXT-X-DISCONTINUITY")) {
                newRun = true;
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                Instant pdt = OffsetDateTime.parse(line.substring(line.indexOf(':') + 1)).toInstant();
                double position = Duration.between(zero, pdt).toNanos() / 1e9;
                last = position;
                if (Double.isNaN(first)) {
                    first = position;
                }
                if (newRun) {
                    runOffset = position - time;
                    newRun = false;
                }
            } else if (line.startsWith("#EXTINF:")) {
                double d = Double.parseDouble(line.substring(8, line.indexOf(',')));
                time += d;
                last += d;
            }
        }
        return new Playlist(text, first, runOffset, last);
    }

    private JsonNode liveReplayWith(double seconds) {
        return Poll.until("a live replay with " + seconds + " s recorded", Duration.ofSeconds(120), publisher::describe,
                () -> Optional.of(client().get("/api/channels/" + OWNER + "/replays").json())
                        .filter(r -> r.size() == 1 && r.get(0).path("live").asBoolean()
                                && r.get(0).path("duration").asDouble() >= seconds).map(r -> r.get(0)));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }

    private double number(String script) {
        return ((Number) browser.eval(script)).doubleValue();
    }

    private String diagnostics() {
        return "body data-state=" + (browser == null ? null : browser.bodyState()) + "\nbrowser console:\n"
                + (browser == null ? "" : browser.console()) + "\n" + publisher.describe();
    }
}
