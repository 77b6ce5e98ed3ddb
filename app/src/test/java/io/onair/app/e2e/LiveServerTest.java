package io.onair.app.e2e;

import io.onair.app.e2e.support.HlsClient;
import io.onair.app.e2e.support.MediaPlaylist;
import io.onair.app.e2e.support.Poll;
import io.onair.rtmp.RtmpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real server, started in-process once for every end-to-end test class (same properties: Spring's context
 * cache shares it): HTTP and RTMP on free ports, state in a temporary directory, a static stream key per channel so
 * test classes never share a channel, and a short end grace so a dropped publisher's playlist ends quickly.
 *
 * <p>Test classes are {@code PER_CLASS}: a class publishes once (in {@code @BeforeAll}) and its test methods each
 * assert one property of what was observed. Whatever a test starts (processes, browsers, sockets) is registered
 * with {@link #closeAfterEach} or {@link #closeAfterAll} and torn down even when the test fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onair.rtmp.host=127.0.0.1",
        "onair.rtmp.port=0",
        "onair.http.media-port=0",
        "onair.hls.end-grace=2s",
        // This suite pins the live path with MPEG-TS (still offered for old clients) and the source rendition only;
        // fMP4, the ladder and DASH are covered by e2e/abr with their own context. It also keeps the shared 2 cores
        // free of transcodes while these tests measure timing.
        "onair.hls.format=ts",
        "onair.transcode.enabled=false",
        "onair.ingest.keys." + LiveServerTest.AVC + "=" + LiveServerTest.AVC + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.AUDIO + "=" + LiveServerTest.AUDIO + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.VIDEO + "=" + LiveServerTest.VIDEO + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.GST + "=" + LiveServerTest.GST + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.TAKEOVER + "=" + LiveServerTest.TAKEOVER + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.HTTP + "=" + LiveServerTest.HTTP + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.BROWSER + "=" + LiveServerTest.BROWSER + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.OFFLINE + "=" + LiveServerTest.OFFLINE + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.STATUS + "=" + LiveServerTest.STATUS + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.OBS + "=" + LiveServerTest.OBS + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.BLIP + "=" + LiveServerTest.BLIP + LiveServerTest.KEY_SUFFIX,
        "onair.ingest.keys." + LiveServerTest.LATER + "=" + LiveServerTest.LATER + LiveServerTest.KEY_SUFFIX,
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LiveServerTest {
    static final String KEY_SUFFIX = "-e2e-stream-key";
    static final String AVC = "avc";
    static final String AUDIO = "audio";
    static final String VIDEO = "video";
    static final String GST = "gst";
    static final String TAKEOVER = "takeover";
    static final String HTTP = "http";
    static final String BROWSER = "browser";
    /** Configured, never published. */
    static final String OFFLINE = "offline";
    static final String STATUS = "status";
    static final String OBS = "obs";
    static final String BLIP = "blip";
    /** Watched while offline, then published to. */
    static final String LATER = "later";

    /** One data directory for the shared context: the same value for every class keeps the context cache hit. */
    private static final Path DATA_DIR = tempDir("onair-e2e-data-");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("onair.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    RtmpServer rtmpServer;

    @Autowired
    io.onair.app.wiring.MediaLifecycle media;

    private final Deque<AutoCloseable> afterEach = new ArrayDeque<>();
    private final Deque<AutoCloseable> afterAll = new ArrayDeque<>();

    static String keyOf(String channel) {
        return channel + KEY_SUFFIX;
    }

    String rtmpUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpServer.port() + "/live/" + streamKey;
    }

    URI httpBase() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    /** The same media URL on the media port (onair.http.media-port). */
    URI onMediaPort(URI uri) {
        return URI.create("http://127.0.0.1:" + media.mediaPort().orElseThrow() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    HlsClient hls() {
        return new HlsClient(httpBase());
    }

    <T extends AutoCloseable> T closeAfterEach(T resource) {
        afterEach.push(resource);
        return resource;
    }

    <T extends AutoCloseable> T closeAfterAll(T resource) {
        afterAll.push(resource);
        return resource;
    }

    @AfterEach
    void closeEachTestsResources() throws Exception {
        closeAll(afterEach);
    }

    @AfterAll
    void closeClassResources() throws Exception {
        closeAll(afterAll);
    }

    /** The channel's media playlist URI, once its master playlist exists. */
    URI awaitMediaPlaylistUri(String channel, Duration timeout, Supplier<String> context) {
        HlsClient hls = hls();
        return Poll.until("the master playlist of '" + channel + "'", timeout, context,
                () -> hls.mediaPlaylistUri(channel));
    }

    /** Polls the media playlist until it ends ({@code EXT-X-ENDLIST}); returns that final playlist. */
    MediaPlaylist awaitEndList(URI mediaPlaylist, Duration timeout, Supplier<String> context) {
        HlsClient hls = hls();
        return Poll.until("EXT-X-ENDLIST in " + mediaPlaylist, timeout,
                () -> context.get() + "\nlast playlist:\n" + hls.text(mediaPlaylist).orElse("(404)"),
                () -> hls.media(mediaPlaylist).filter(MediaPlaylist::endList));
    }

    /** Publishes with {@code start}, waits for it to end and the channel's playlist to end; the final playlist. */
    MediaPlaylist awaitFinishedStream(String channel, io.onair.app.e2e.support.ExternalProcess publisher,
            Duration timeout) {
        URI media = awaitMediaPlaylistUri(channel, timeout, publisher::describe);
        publisher.assertSucceeds(timeout);
        return awaitEndList(media, Duration.ofSeconds(10), publisher::describe);
    }

    private static void closeAll(Deque<AutoCloseable> resources) throws Exception {
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
