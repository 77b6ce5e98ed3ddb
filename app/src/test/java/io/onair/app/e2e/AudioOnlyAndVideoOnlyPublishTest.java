package io.onair.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.app.e2e.support.ExternalProcess;
import io.onair.app.e2e.support.Ffmpeg;
import io.onair.app.e2e.support.Ffprobe;
import io.onair.app.e2e.support.MasterPlaylist;
import io.onair.app.e2e.support.MediaPlaylist;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Radio, music and slide streams (Ant Media #384, SRS #4602): a stream with only one kind of track must still
 * produce a master playlist naming only that codec, and a media playlist ffprobe reads with just that stream.
 * Published as fast as ffmpeg encodes (no {@code -re}): segmenting follows media time, not wall time.
 */
class AudioOnlyAndVideoOnlyPublishTest extends LiveServerTest {
    private static final Duration SENT = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void audioOnlyStreamProducesPlaylistsWithAacOnly() {
        ExternalProcess ffmpeg = closeAfterEach(Ffmpeg.publisher(rtmpUrl(keyOf(AUDIO)))
                .audioOnly().realtime(false).duration(SENT).start());
        MediaPlaylist playlist = awaitFinishedStream(AUDIO, ffmpeg, TIMEOUT);

        MasterPlaylist master = hls().master(AUDIO).orElseThrow();
        assertThat(master.variants()).as(master.text()).hasSize(1);
        assertThat(master.variants().getFirst().codecs()).as(master.text()).isEqualTo("mp4a.40.2");
        assertThat(master.variants().getFirst().resolution()).as(master.text()).isEmpty();
        assertThat(playlist.segments()).as(playlist.text()).isNotEmpty();
        assertThat(playlist.segmentsLongerThanTarget()).as("RFC 8216 4.3.3.1\n" + playlist.text()).isEmpty();
        assertThat(playlist.totalDuration()).as(playlist.text())
                .isCloseTo(SENT.toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.1));

        Map<String, JsonNode> streams = Ffprobe.streamsByType(hls().mediaPlaylistUris(AUDIO));
        assertThat(streams.keySet()).containsExactly("audio");
        assertThat(streams.get("audio").path("codec_name").asString()).isEqualTo("aac");
        assertThat(streams.get("audio").path("channels").asInt()).isEqualTo(2);
    }

    @Test
    void videoOnlyStreamProducesPlaylistsWithH264Only() {
        ExternalProcess ffmpeg = closeAfterEach(Ffmpeg.publisher(rtmpUrl(keyOf(VIDEO)))
                .videoOnly().size("320x240").realtime(false).duration(SENT).start());
        MediaPlaylist playlist = awaitFinishedStream(VIDEO, ffmpeg, TIMEOUT);

        MasterPlaylist master = hls().master(VIDEO).orElseThrow();
        assertThat(master.variants()).as(master.text()).hasSize(1);
        assertThat(master.variants().getFirst().codecs()).as(master.text()).matches("avc1\\.[0-9a-fA-F]{6}");
        assertThat(master.variants().getFirst().resolution()).as(master.text()).isEqualTo("320x240");
        assertThat(playlist.segmentsLongerThanTarget()).as("RFC 8216 4.3.3.1\n" + playlist.text()).isEmpty();
        assertThat(playlist.totalDuration()).as(playlist.text())
                .isCloseTo(SENT.toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.1));

        Map<String, JsonNode> streams = Ffprobe.streamsByType(hls().mediaPlaylistUris(VIDEO));
        assertThat(streams.keySet()).containsExactly("video");
        assertThat(streams.get("video").path("codec_name").asString()).isEqualTo("h264");
        assertThat(streams.get("video").path("width").asInt()).isEqualTo(320);
    }
}
