package io.onair.app.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.api.ApiClient;
import io.onair.app.api.PlatformServerTest;
import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Poll;
import io.onair.app.live.LiveSocketClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A channel live from ffmpeg: watchers are counted once per visitor (two sockets with one visitor cookie = one
 * viewer) in the status API and pushed to the pages; the directory filters by category and searches names and
 * titles; the thumbnail is a JPEG 320 px wide of at most 50 KB, with caching headers; the pages get the stream's
 * end.
 */
class LiveDirectoryTest extends PlatformServerTest {
    private static final String USER = "dir-live";
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterAll
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private LiveSocketClient socket(String visitor) {
        LiveSocketClient c = new LiveSocketClient(base(), USER, "onair_v=" + visitor);
        open.add(c);
        return c;
    }

    private List<String> names(String query) {
        List<String> names = new ArrayList<>();
        client().get("/api/channels" + query).json().forEach(c -> names.add(c.path("channel").asString()));
        return names;
    }

    @Test
    void viewersDirectoryAndThumbnail() throws Exception {
        ApiClient owner = account(USER);
        assertThat(owner.send("PUT", "/api/channels/" + USER + "/info",
                Map.of("title", "Any% speedrun", "category", "Gaming")).status()).isEqualTo(200);
        String key = owner.get("/api/channels/" + USER + "/stream-key").json().path("streamKey").asString();

        LiveSocketClient tab1 = socket("0123456789abcdef0123456789abcdef");
        tab1.next("welcome", Duration.ofSeconds(5));
        ExternalProcess ffmpeg = Ffmpeg.publisher(rtmpUrl(key)).size("640x360").fps(15).gop(15).realtime(true)
                .duration(Duration.ofSeconds(25)).start();
        open.add(ffmpeg);
        JsonNode started = tab1.next("stream", Duration.ofSeconds(15));
        assertThat(started.path("live").asBoolean()).isTrue();
        Poll.until("the channel live", Duration.ofSeconds(15), ffmpeg::describe,
                () -> client().get("/api/channels/" + USER + "/status").json().path("live").asBoolean());

        LiveSocketClient tab2 = socket("0123456789abcdef0123456789abcdef");
        LiveSocketClient other = socket("fedcba9876543210fedcba9876543210");
        tab2.next("welcome", Duration.ofSeconds(5));
        other.next("welcome", Duration.ofSeconds(5));
        Poll.until("two viewers (three sockets, two visitors)", Duration.ofSeconds(5), () -> "",
                () -> client().get("/api/channels/" + USER + "/status").json().path("viewers").asInt() == 2);
        Poll.until("the count pushed", Duration.ofSeconds(5), () -> "", () -> {
            try {
                return tab1.next("viewers", Duration.ofSeconds(3)).path("count").asInt() == 2;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(names("?category=gaming")).contains(USER);
        assertThat(names("?category=music")).doesNotContain(USER);
        assertThat(names("?q=SPEEDRUN")).contains(USER);
        assertThat(names("?q=dir-li")).contains(USER);
        assertThat(names("?q=nothing-like-it")).isEmpty();
        JsonNode first = client().get("/api/channels").json().get(0);
        assertThat(first.path("live").asBoolean()).as("live channels first").isTrue();
        assertThat(client().get("/api/channels?q=dir-live").json().get(0).path("viewers").asInt()).isEqualTo(2);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(base().resolve("/api/channels/" + USER + "/thumbnail.jpg")).build();
        HttpResponse<byte[]> jpeg = Poll.until("a thumbnail", Duration.ofSeconds(20), ffmpeg::describe, () -> {
            try {
                HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
                return r.statusCode() == 200 ? Optional.of(r) : Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] body = jpeg.body();
        assertThat(jpeg.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(jpeg.headers().firstValue("Cache-Control").orElse("")).contains("max-age=30");
        assertThat(body.length).isBetween(100, 50 * 1024);
        assertThat(body[0] & 0xff).isEqualTo(0xFF);
        assertThat(body[1] & 0xff).isEqualTo(0xD8);
        assertThat(jpegWidth(body)).isEqualTo(320);
        String etag = jpeg.headers().firstValue("ETag").orElseThrow();
        assertThat(http.send(HttpRequest.newBuilder(get.uri()).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);

        ffmpeg.kill();
        JsonNode ended = tab1.next("stream", Duration.ofSeconds(15));
        assertThat(ended.path("live").asBoolean()).isFalse();
    }

    /** The width from the first SOFn segment of a JPEG. */
    private static int jpegWidth(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            int marker = b[i + 1] & 0xff;
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (marker >= 0xC0 && marker <= 0xC3) {
                return ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
            }
            i += 2 + length;
        }
        return -1;
    }
}
