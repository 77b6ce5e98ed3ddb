package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.FakeHlsOrigin;
import io.onair.app.e2e.support.Poll;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 regression: the watch page showed "offline" when the rendition the viewer had forced was dropped
 * mid-stream. The transcoder drops its top rung when it cannot keep real time: that rung's playlist gets
 * {@code EXT-X-ENDLIST} and it leaves the master playlist while the stream goes on, and the page took the ENDLIST for
 * the end of the stream. Now the page drops the rendition from its quality menu, returns to Auto and plays on; an
 * ENDLIST that is the end of the stream still ends it.
 *
 * <p>A transcoder that falls behind on cue cannot be arranged on the real server, so the page plays from
 * {@link FakeHlsOrigin}, which serves the real origin's layout and drops the rung the way it does.
 */
class DroppedRenditionBrowserTest {
    private static final String CHANNEL = "ladder";

    @Test
    void aForcedRenditionDroppedMidStreamLeavesTheMenuAndThePagePlaysOnUntilTheStreamEnds(@TempDir Path media) {
        try (FakeHlsOrigin origin = FakeHlsOrigin.start(CHANNEL, media); Browser browser = Browser.start()) {
            browser.open(origin.uri("/" + CHANNEL));
            Poll.until("data-state=playing", Duration.ofSeconds(30), () -> state(browser),
                    () -> browser.bodyState().equals("playing"));
            assertThat(browser.eval("return window.onair.player.levels.map(l => l.height).join(',');"))
                    .as(() -> state(browser)).isEqualTo("180,360");

            // The viewer forces the top rung.
            browser.eval("const q = document.getElementById('quality'); q.value = '1';"
                    + " q.dispatchEvent(new Event('change')); return null;");
            Poll.until("the 360p rendition on screen", Duration.ofSeconds(20), () -> state(browser),
                    () -> Long.valueOf(360).equals(browser.eval("return window.onair.video.videoHeight;")));
            assertThat(browser.eval("return window.onair.player.auto;")).isEqualTo(Boolean.FALSE);

            origin.dropRendition("360p");
            Poll.until("the dropped rendition gone from the menu, Auto chosen", Duration.ofSeconds(15),
                    () -> state(browser), () -> "180".equals(browser.eval(
                            "return window.onair.player.auto ? window.onair.player.levels.map(l => l.height).join(',')"
                                    + " : null;")));
            // Playing on well past what was buffered of the dropped rendition (a few segments), never offline.
            double at = currentTime(browser);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (currentTime(browser) < at + 12) {
                assertThat(browser.bodyState()).as(() -> "the page after the drop: " + state(browser))
                        .isIn("playing", "loading");
                assertThat(System.nanoTime() - until).as(() -> "12 s of playback after the drop: " + state(browser))
                        .isNegative();
                Poll.pause(Duration.ofMillis(200));
            }
            assertThat(browser.bodyState()).as(() -> state(browser)).isEqualTo("playing");
            assertThat(browser.eval("return window.onair.video.videoHeight;")).isEqualTo(180L);
            assertThat(browser.eval("return document.getElementById('quality').value;")).isEqualTo("-1");

            // The end of the stream is still the end.
            origin.end();
            Poll.until("data-state=offline after the stream ended", Duration.ofSeconds(30), () -> state(browser),
                    () -> browser.bodyState().equals("offline"));
        }
    }

    private static double currentTime(Browser browser) {
        return ((Number) browser.eval("return window.onair.video.currentTime;")).doubleValue();
    }

    private static String state(Browser browser) {
        return "body data-state=" + browser.bodyState() + ", player="
                + browser.eval("return window.onair && window.onair.player ? JSON.stringify(window.onair.player) : null;")
                + ", videoHeight=" + browser.eval("return window.onair ? window.onair.video.videoHeight : null;")
                + "\nbrowser console:\n" + browser.console();
    }
}
