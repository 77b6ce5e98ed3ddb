package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.MediaPlaylist;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The same HTTP contract with {@code onair.hls.format=fmp4}, the default for users (the shared suite pins MPEG-TS):
 * CMAF segments ({@code video/mp4}) and their init segment. A second server context, differing in that property.
 */
@TestPropertySource(properties = "onair.hls.format=fmp4")
class HlsDeliveryHttpFmp4Test extends HlsDeliveryHttpTest {
    @Override
    String expectedSegmentSuffix() {
        return ".m4s";
    }

    @Test
    void initSegmentIsServedAsMp4WithCorsAndIsImmutable() {
        URI media = hls().mediaPlaylistUri(HTTP).orElseThrow();
        MediaPlaylist playlist = hls().media(media).orElseThrow();
        URI init = media.resolve(playlist.segments().getFirst().map()
                .orElseThrow(() -> new AssertionError("no EXT-X-MAP in\n" + playlist.text())));
        HttpResponse<byte[]> r = hls().send("GET", init);
        assertThat(r.statusCode()).as("GET " + init).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("video/mp4");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("ftyp", "moov");
    }
}
