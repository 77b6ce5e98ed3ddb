package io.onair.app.restream;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A streamer in headless Chromium adds a restream destination on the dashboard: a missing key is named next to its
 * field, the added destination is listed with its name, server and the key's last four characters (never the key)
 * and waits for the stream; switching it off and deleting it go through the page's own controls.
 */
class RestreamDashboardBrowserTest extends PlatformServerTest {
    private static final String USER = "rs-browser";

    @Test
    void aStreamerAddsSwitchesOffAndDeletesADestination() {
        ApiClient api = account(USER);
        try (Browser browser = Browser.start()) {
            browser.logIn(base().resolve("/login"), USER, PASSWORD);
            browser.open(base().resolve("/dashboard"));
            Poll.until("the dashboard", Duration.ofSeconds(15), browser::diagnostics,
                    () -> "ready".equals(browser.bodyState()));
            String fill = "const f = document.querySelector('#restream-form'); f.name.value = arguments[0];"
                    + " f.url.value = arguments[1]; f.streamKey.value = arguments[2]; f.requestSubmit(); return true;";
            browser.eval(fill, "YouTube", "rtmp://127.0.0.1/live2", "");
            Poll.until("the key named as missing", Duration.ofSeconds(10), browser::diagnostics,
                    () -> Boolean.FALSE.equals(browser.eval(
                            "return document.querySelector('#restream-form [data-error-for=streamKey]').hidden;")));

            browser.eval(fill, "YouTube", "rtmp://127.0.0.1/live2", "abcd-efgh-ijkl-9876");
            Poll.until("the destination listed", Duration.ofSeconds(10), browser::diagnostics,
                    () -> browser.eval("return document.querySelectorAll('#restream-list li').length;").equals(1L));
            String text = String.valueOf(browser.eval("return document.querySelector('#restream-list li').textContent;"));
            assertThat(text).contains("YouTube").contains("rtmp://127.0.0.1/live2").contains("…9876")
                    .contains("Starts when you go live").doesNotContain("abcd-efgh");
            assertThat(browser.eval("return document.querySelector('#restream-form').streamKey.value;"))
                    .as("the form is cleared").isEqualTo("");

            browser.eval("document.querySelector('#restream-list li input[type=checkbox]').click(); return true;");
            Poll.until("switched off", Duration.ofSeconds(10), browser::diagnostics,
                    () -> "disabled".equals(browser.eval("return document.querySelector('#restream-list li')"
                            + ".dataset.state;")));
            assertThat(api.get("/api/channels/" + USER + "/restreams").json().get(0).path("enabled").asBoolean())
                    .isFalse();

            browser.eval("document.querySelector('#restream-list li button').click(); return true;");
            Poll.until("deleted", Duration.ofSeconds(10), browser::diagnostics,
                    () -> browser.eval("return document.querySelectorAll('#restream-list li').length;").equals(0L));
            assertThat(api.get("/api/channels/" + USER + "/restreams").json().size()).isZero();
        }
    }
}
