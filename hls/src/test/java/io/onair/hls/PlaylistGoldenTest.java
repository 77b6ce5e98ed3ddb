package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.stream.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PlaylistGoldenTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private static String golden(String name) throws IOException {
        try (InputStream in = PlaylistGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long sequence;

    private static FinishedSegment segment(long startMs, long durationMs, boolean discontinuity, Instant pdt) {
        return new FinishedSegment(sequence++, new byte[250_000], startMs * 90, durationMs * 90, discontinuity, pdt,
                OptionalLong.empty(), Optional.of(Frames.VIDEO), Optional.of(Frames.AUDIO),
                (int) (durationMs * 30 / 1001));
    }

    private static LiveWindow window() {
        HlsSettings settings = new HlsSettings(Duration.ofSeconds(2), 3, Duration.ofSeconds(15));
        sequence = T0.getEpochSecond();
        LiveWindow window = new LiveWindow("golden", "ts", settings);
        window.append(segment(0, 2000, true, T0), T0, s -> 180_000); // first of the playlist: no tag even though flagged
        window.append(segment(2000, 2000, false, T0.plusSeconds(2)), T0, s -> 180_000);
        window.append(segment(4000, 2000, false, T0.plusSeconds(4)), T0, s -> 180_000);
        window.append(segment(6000, 2000, false, T0.plusSeconds(6)), T0, s -> 180_000);
        // republish: a discontinuity, a new timeline at 29.97 fps
        window.append(segment(0, 2002, true, T0.plusMillis(8500)), T0, s -> 180_000);
        window.append(segment(2002, 2002, false, T0.plusMillis(10_502)), T0, s -> 180_000);
        window.append(segment(4004, 1335, false, T0.plusMillis(12_504)), T0, s -> 180_000);
        window.end();
        return window;
    }

    @Test
    void mediaPlaylistRendersToTheGoldenFile() throws IOException {
        String rendered = window().playlist(MediaPlaylist.VERSION_TS).orElseThrow().render();
        assertThat(rendered).isEqualTo(golden("live-window.m3u8"));
    }

    @Test
    void goldenMediaPlaylistParsesBackToTheWindow() throws IOException {
        ParsedPlaylist parsed = ParsedPlaylist.parse(golden("live-window.m3u8"));
        assertThat(parsed.version()).isEqualTo(3);
        assertThat(parsed.targetDuration()).isEqualTo(2);
        // 3 segments configured, but a fourth stays: without it the playlist would be under 3 target durations
        assertThat(parsed.mediaSequence()).isEqualTo(T0.getEpochSecond() + 3);
        assertThat(parsed.entries()).hasSize(4);
        assertThat(parsed.discontinuitySequence()).isZero();
        assertThat(parsed.entries()).extracting(ParsedPlaylist.Entry::discontinuity)
                .containsExactly(false, true, false, false);
        assertThat(parsed.ended()).isTrue();
        assertThat(parsed.independent()).isTrue();
        assertThat(parsed.entries().get(1).programDateTime()).isEqualTo(T0.plusMillis(8500));
        assertThat(parsed.totalDuration()).isGreaterThanOrEqualTo(3.0 * parsed.targetDuration());
    }

    @Test
    void masterPlaylistRendersToTheGoldenFile() throws IOException {
        MasterPlaylist master = new MasterPlaylist(MediaPlaylist.VERSION_TS, Optional.empty(),
                List.of(new VariantStream(1_200_000, 1_000_000, "avc1.64001f,mp4a.40.2", Optional.of("1280x720"),
                        OptionalDouble.of(29.97), Optional.empty(), "source/index.m3u8")));
        assertThat(master.render()).isEqualTo(golden("master.m3u8"));
    }

    @Test
    void audioOnlyAndVideoOnlyVariantsOmitWhatTheyDoNotHave() {
        String audioOnly = new MasterPlaylist(MediaPlaylist.VERSION_TS, Optional.empty(),
                List.of(new VariantStream(140_000, 130_000, "mp4a.40.2", Optional.empty(), OptionalDouble.empty(),
                        Optional.empty(), "source/index.m3u8"))).render();
        assertThat(audioOnly).contains("#EXT-X-STREAM-INF:BANDWIDTH=140000,AVERAGE-BANDWIDTH=130000,"
                + "CODECS=\"mp4a.40.2\"\nsource/index.m3u8\n");
        assertThat(audioOnly).doesNotContain("RESOLUTION").doesNotContain("FRAME-RATE");
    }
}
