package io.onair.app.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's Uploads section in headless Chromium: a file over the limit is refused before a byte is sent; a
 * video chosen in the file input goes up (XMLHttpRequest, with its progress bar), shows in the job list, is
 * transcoded there and ends "Ready" with a link to its video page. Korean strings are not checked here (the type
 * check makes both catalogues complete).
 */
class UploadDashboardBrowserTest extends PlatformServerTest {
    private static final String USER = "ub-owner";

    @TempDir
    static Path dir;

    private Browser browser;

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String diagnostics() {
        return "url=" + browser.eval("return location.href;") + "\nuploads: " + text("#upload-list")
                + "\nmessage: " + text("#upload-message") + "\nconsole:\n" + browser.console();
    }

    private String text(String selector) {
        return String.valueOf(browser.eval("const e = document.querySelector(\"" + selector + "\");"
                + " return e === null ? '' : e.textContent;"));
    }

    @Test
    void anOwnerUploadsAVideoFromTheDashboardAndWatchesItWhenReady() throws IOException {
        account(USER);
        browser = Browser.start();
        browser.logIn(base().resolve("/login"), USER, PASSWORD);
        Poll.until("the dashboard's upload list", Duration.ofSeconds(15), this::diagnostics,
                () -> text("#upload-list").contains("No uploads yet."));
        assertThat(text("#uploads-intro")).contains("up to 4 MB");

        // over the limit (4MB in the test context): refused in the page, nothing sent
        Path big = dir.resolve("big.mp4");
        Files.write(big, new byte[(4 << 20) + 1]);
        browser.chooseFile("#upload-file", big);
        browser.eval("document.querySelector('#upload-form').requestSubmit(); return true;");
        Poll.until("the size refused", Duration.ofSeconds(5), this::diagnostics,
                () -> text("[data-error-for=file]").contains("larger than the 4 MB limit"));
        assertThat(account(USER).get("/api/channels/" + USER + "/uploads").json().path("jobs")).isEmpty();

        Path video = UploadRequests.video(dir, "beach.mp4", 10, "640x360");
        browser.chooseFile("#upload-file", video);
        browser.eval("document.querySelector('#upload-title').value = 'At the beach'; return true;");
        browser.eval("document.querySelector('#upload-form').requestSubmit(); return true;");
        Poll.until("the upload accepted", Duration.ofSeconds(30), this::diagnostics,
                () -> text("#upload-message").contains("Uploaded."));
        assertThat(text("[data-error-for=file]")).isEmpty();
        Poll.until("the video ready in the list", Duration.ofMinutes(3), this::diagnostics,
                () -> text("#upload-list").contains("At the beach") && text("#upload-list").contains("Ready"));
        String link = String.valueOf(browser.eval("return document.querySelector('#upload-list a').getAttribute('href');"));
        long replay = account(USER).get("/api/channels/" + USER + "/uploads").json().path("jobs").get(0)
                .path("replay").asLong();
        assertThat(link).isEqualTo("/videos/" + replay);
        assertThat(client().get("/api/replays/" + replay).json().path("title").asString()).isEqualTo("At the beach");
    }
}
