package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.OnairApplication;
import io.onair.app.e2e.support.Browser;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code onair.http.media-url}: the watch page's player fetches live media from another origin — here the media port
 * (Netty), as it would from a CDN in front of it — across origins: the page's CSP allows that origin, the media
 * answers carry CORS, and the channel status names the playlist there.
 */
class MediaPortBrowserTest {
    private static final String CHANNEL = "cdn";
    private static final String KEY = "cdn-e2e-stream-key-0001";

    @TempDir
    Path dataDir;

    @Test
    void theWatchPagePlaysFromTheMediaUrlAcrossOrigins() throws Exception {
        int mediaPort;
        try (ServerSocket free = new ServerSocket(0)) {
            mediaPort = free.getLocalPort(); // the media URL names the port, so it is chosen before the start
        }
        String mediaUrl = "http://127.0.0.1:" + mediaPort;
        try (ConfigurableApplicationContext app = SpringApplication.run(OnairApplication.class, "--server.port=0",
                "--onair.rtmp.port=0", "--onair.rtmp.host=127.0.0.1", "--onair.http.media-port=" + mediaPort,
                "--onair.http.media-url=" + mediaUrl + "/", "--onair.data-dir=" + dataDir,
                "--spring.main.banner-mode=off", "--onair.transcode.enabled=false",
                "--onair.ingest.keys." + CHANNEL + "=" + KEY);
                HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/");
            int rtmpPort = app.getBean(io.onair.rtmp.RtmpServer.class).port();
            ExternalProcess publisher = Ffmpeg.publisher("rtmp://127.0.0.1:" + rtmpPort + "/live/" + KEY)
                    .size("640x360").gop(30).realtime(true).duration(Duration.ofSeconds(40)).start();
            try (publisher; Browser browser = Browser.start()) {
                Poll.until("the status to name the playlist on the media URL", Duration.ofSeconds(20),
                        publisher::describe, () -> send(http, base.resolve("/api/channels/" + CHANNEL + "/status"))
                                .body().contains("\"hls\":\"" + mediaUrl + "/live/" + CHANNEL + "/master.m3u8\""));
                HttpResponse<String> page = send(http, base.resolve("/" + CHANNEL));
                assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                        .contains("connect-src 'self' " + mediaUrl, "media-src 'self' blob: " + mediaUrl);

                browser.open(base.resolve("/" + CHANNEL));
                Poll.until("data-state=playing", Duration.ofSeconds(30), () -> diagnostics(browser, publisher),
                        () -> browser.bodyState().equals("playing"));
                double start = currentTime(browser);
                Poll.until("currentTime to advance 2 s past " + start, Duration.ofSeconds(15),
                        () -> diagnostics(browser, publisher), () -> currentTime(browser) >= start + 2.0);
                // Every playlist, part and segment the player fetched came from the media port; none from the page's.
                String fetched = (String) browser.eval("return performance.getEntriesByType('resource')"
                        + ".map(e => e.name).filter(n => n.includes('/live/')).join('\\n');");
                assertThat(fetched.lines()).as(fetched).isNotEmpty()
                        .allSatisfy(url -> assertThat(url).startsWith(mediaUrl + "/live/" + CHANNEL + "/"))
                        .anySatisfy(url -> assertThat(url).endsWith(".m4s"));
                assertThat(browser.eval("return window.onair.video.error === null;")).isEqualTo(Boolean.TRUE);
            }
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double currentTime(Browser browser) {
        return ((Number) browser.eval("return window.onair.video.currentTime;")).doubleValue();
    }

    private static String diagnostics(Browser browser, ExternalProcess publisher) {
        return "body data-state=" + browser.bodyState() + ", window.onair.player="
                + browser.eval("return window.onair && window.onair.player ? JSON.stringify(window.onair.player) : null;")
                + "\nbrowser console:\n" + browser.console() + "\n" + publisher.describe();
    }
}
