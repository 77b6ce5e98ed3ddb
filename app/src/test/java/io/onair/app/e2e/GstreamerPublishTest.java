package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.GstPublisher;
import io.onair.app.e2e.support.MediaPlaylist;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GStreamer's {@code rtmp2sink} is a second RTMP client, written independently of ffmpeg's (its own handshake,
 * chunking, and command sequence): a 4 s live H.264 + AAC publish must come out as HLS that ffprobe reads.
 */
class GstreamerPublishTest extends LiveServerTest {

    @Test
    void rtmp2sinkPublishProducesHlsThatFfprobeReads() {
        ExternalProcess gst = closeAfterEach(GstPublisher.publisher(rtmpUrl(keyOf(GST))).videoFrames(120).start());
        MediaPlaylist playlist = awaitFinishedStream(GST, gst, Duration.ofSeconds(25));
        assertThat(playlist.segments()).as(playlist.text()).isNotEmpty();
        assertThat(playlist.segmentsLongerThanTarget()).as("RFC 8216 4.3.3.1\n" + playlist.text()).isEmpty();
        assertThat(playlist.totalDuration()).as(playlist.text())
                .isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.5));

        Map<String, JsonNode> streams = Ffprobe.streamsByType(hls().mediaPlaylistUris(GST));
        assertThat(streams.keySet()).as(streams.toString()).containsExactlyInAnyOrder("video", "audio");
        assertThat(streams.get("video").path("codec_name").asString()).isEqualTo("h264");
        assertThat(streams.get("video").path("width").asInt()).isEqualTo(320);
        assertThat(streams.get("video").path("height").asInt()).isEqualTo(240);
        assertThat(streams.get("audio").path("codec_name").asString()).isEqualTo("aac");
    }
}
