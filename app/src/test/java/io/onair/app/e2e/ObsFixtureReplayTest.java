package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.HlsClient;
import io.onair.app.e2e.support.MediaPlaylist;
import io.onair.app.e2e.support.Poll;
import io.onair.app.e2e.support.RtmpCapture;
import io.onair.app.e2e.support.RtmpReplay;
import io.onair.media.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The bytes a real OBS Studio 29 sent when publishing (shared/fixtures/obs-29-publish: 12 s of 1280x720 x264 with
 * the default 8.3 s keyframe interval, AAC), replayed over TCP to the running server: the channel goes live and
 * the HLS output is 1280x720 H.264 + AAC to ffprobe. The capture's key ({@code obsfixture}, 10 characters) is
 * shorter than the server accepts, so the replay swaps in this channel's key (see {@link RtmpCapture}).
 */
class ObsFixtureReplayTest extends LiveServerTest {

    @Test
    void obsPublishSessionReplayedGoesLiveAndProducesHlsFfprobeReads() {
        byte[] capture = RtmpCapture.withStreamKey(Fixtures.bytes(Fixtures.obsPublish("client-to-server.bin")),
                "obsfixture", keyOf(OBS));
        HlsClient hls = hls();
        MediaPlaylist ended;
        try (RtmpReplay replay = RtmpReplay.send("127.0.0.1", rtmpServer.port(), capture)) {
            // The first keyframe interval (8.3 s) closes the first segment; the channel is live once it is listed.
            Poll.until("channel '" + OBS + "' live", Duration.ofSeconds(15),
                    () -> "server answered " + replay.receivedBytes() + " bytes; status: " + status(hls),
                    () -> status(hls).path("live").asBoolean());
            URI media = hls.mediaPlaylistUri(OBS).orElseThrow();
            // OBS dropping off without unpublishing: the playlist ends after the end grace.
            assertThat(replay.endAndAwaitServerClose(Duration.ofSeconds(10)))
                    .as("the server closes the connection after the publisher's FIN").isTrue();
            ended = awaitEndList(media, Duration.ofSeconds(10), () -> "status: " + status(hls));
        }
        assertThat(ended.segmentsLongerThanTarget()).as("RFC 8216 4.3.3.1\n" + ended.text()).isEmpty();
        assertThat(ended.totalDuration()).as(ended.text()).isBetween(11.0, 13.0);

        Map<String, JsonNode> streams = Ffprobe.streamsByType(hls.mediaPlaylistUris(OBS));
        assertThat(streams.keySet()).as(streams.toString()).containsExactlyInAnyOrder("video", "audio");
        assertThat(streams.get("video").path("codec_name").asString()).isEqualTo("h264");
        assertThat(streams.get("video").path("width").asInt()).isEqualTo(1280);
        assertThat(streams.get("video").path("height").asInt()).isEqualTo(720);
        assertThat(streams.get("audio").path("codec_name").asString()).isEqualTo("aac");
        assertThat(hls.master(OBS).orElseThrow().videoVariant().orElseThrow().resolution()).isEqualTo("1280x720");
        // OBS sends audio and video on one clock: the HLS output keeps them within a frame or two at the start.
        Map<String, Double> starts = new java.util.HashMap<>();
        for (URI playlist : hls.mediaPlaylistUris(OBS)) {
            JsonNode probe = Ffprobe.packets(playlist.toString());
            Ffprobe.streamsByType(probe).forEach((type, stream) -> starts.putIfAbsent(type,
                    Ffprobe.pts(probe, stream.path("index").asInt()).stream().mapToLong(Long::longValue).min()
                            .orElseThrow() / 90_000.0));
        }
        assertThat(Math.abs(starts.get("video") - starts.get("audio"))).as("first PTS by track: " + starts)
                .isLessThan(0.1);
    }

    private JsonNode status(HlsClient hls) {
        HttpResponse<byte[]> r = hls.get("/api/channels/" + OBS + "/status");
        assertThat(r.statusCode()).as(HlsClient.utf8(r.body())).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }
}
