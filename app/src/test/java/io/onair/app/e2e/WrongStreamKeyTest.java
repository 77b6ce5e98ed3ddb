package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.HlsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A publish with a key no channel has, or to another RTMP application than {@code live}, is refused before
 * {@code NetStream.Publish.Start} (SRS #4037): ffmpeg gives up at once with an error instead of streaming into the
 * void, and no channel goes live.
 */
class WrongStreamKeyTest extends LiveServerTest {
    /** ffmpeg needs well under a second to connect and be refused; a server that lets it stream would take 20 s. */
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    @Test
    void unknownStreamKeyIsRefusedAndNoChannelGoesLive() {
        Instant before = Instant.now();
        ExternalProcess ffmpeg = closeAfterEach(Ffmpeg.publisher(rtmpUrl("not-a-configured-stream-key"))
                .realtime(true).duration(Duration.ofSeconds(20)).start());
        int exit = ffmpeg.exitCode(QUICKLY);
        assertThat(exit).as(ffmpeg::describe).isNotZero();
        assertNoChannelWentLiveSince(before);
    }

    @Test
    void wrongApplicationNameIsRefusedEvenWithAValidKey() {
        Instant before = Instant.now();
        String url = rtmpUrl(keyOf(OFFLINE)).replace("/live/", "/notlive/");
        ExternalProcess ffmpeg = closeAfterEach(Ffmpeg.publisher(url)
                .realtime(true).duration(Duration.ofSeconds(20)).start());
        int exit = ffmpeg.exitCode(QUICKLY);
        assertThat(exit).as(ffmpeg::describe).isNotZero();
        assertNoChannelWentLiveSince(before);
        assertThat(hls().get(HlsClient.masterPath(OFFLINE)).statusCode()).isEqualTo(404);
    }

    private void assertNoChannelWentLiveSince(Instant before) {
        HttpResponse<byte[]> r = hls().get("/api/channels");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode channels = new ObjectMapper().readTree(r.body());
        assertThat(channels.isArray()).as(channels.toString()).isTrue();
        for (JsonNode c : channels) {
            JsonNode startedAt = c.path("startedAt");
            if (startedAt.isString()) {
                assertThat(Instant.parse(startedAt.asString())).as("startedAt of " + c).isBefore(before);
            }
        }
    }
}
