package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.stream.Frames;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveWindowTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private final HlsSettings settings = new HlsSettings(Duration.ofSeconds(2), 3, Duration.ofSeconds(15));
    private final LiveWindow window = new LiveWindow("w", "ts", settings, 100);

    private static FinishedSegment segment(long durationMs, boolean discontinuity) {
        return new FinishedSegment(new byte[1000], 0, durationMs * 90, discontinuity, T0, Optional.of(Frames.VIDEO),
                Optional.empty(), 60);
    }

    private ParsedPlaylist parsed() {
        return ParsedPlaylist.parse(window.playlist().orElseThrow().render());
    }

    @Test
    void emptyUntilTheFirstSegment() {
        assertThat(window.playlist()).isEmpty();
        assertThat(window.variant("source/index.m3u8")).isEmpty();
    }

    @Test
    void slidesAndCountsDiscontinuitiesThatLeave() {
        window.append(segment(2000, false), T0);
        window.append(segment(2000, true), T0);
        window.append(segment(2000, false), T0);
        window.append(segment(2000, true), T0);
        assertThat(parsed().mediaSequence()).isEqualTo(101);
        assertThat(parsed().discontinuitySequence()).isZero();
        window.append(segment(2000, false), T0);
        assertThat(parsed().mediaSequence()).isEqualTo(102);
        assertThat(parsed().discontinuitySequence()).isEqualTo(1); // segment 101 carried one and left
        assertThat(parsed().entries()).extracting(ParsedPlaylist.Entry::discontinuity)
                .containsExactly(false, true, false);
    }

    @Test
    void targetDurationIsFixedFromTheFirstSegment() {
        window.append(segment(3400, false), T0); // a 3.4 s keyframe interval from the start
        window.append(segment(2000, false), T0);
        assertThat(parsed().targetDuration()).isEqualTo(3);
        window.append(segment(5100, false), T0); // longer later: listed with its true duration, target unchanged
        String text = window.playlist().orElseThrow().render();
        assertThat(text).contains("#EXT-X-TARGETDURATION:3\n").contains("#EXTINF:5.100,\n");
    }

    @Test
    void segmentsLeavingThePlaylistStayFetchableForTheirDurationPlusThePlaylistsThenAreFreed() {
        for (int i = 0; i < 4; i++) {
            window.append(segment(2000, false), T0);
        }
        // 100 left when 103 was added; the playlist then held 8 s: 100 stays fetchable 2 + 8 = 10 s
        assertThat(parsed().mediaSequence()).isEqualTo(101);
        assertThat(window.fetchable()).containsKey(100L);
        assertThat(window.purge(T0.plusMillis(9_999))).isFalse();
        assertThat(window.fetchable()).containsKey(100L);
        assertThat(window.purge(T0.plusSeconds(10))).isTrue();
        assertThat(window.fetchable()).doesNotContainKey(100L).containsKeys(101L, 102L, 103L);
    }

    @Test
    void memoryStaysBoundedWhenSegmentsAreTiny() {
        for (int i = 0; i < 100; i++) {
            window.append(segment(100, true), T0);
        }
        assertThat(parsed().entries()).hasSize(9); // 3 * playlistSegments, although under 3 target durations
        window.purge(T0.plusSeconds(60));
        assertThat(window.fetchable()).hasSize(9);
    }

    @Test
    void aSegmentAfterTheEndStartsANewPlaylistWithContinuingSequenceNumbers() {
        window.append(segment(2000, false), T0);
        window.append(segment(2000, false), T0);
        window.end();
        assertThat(parsed().ended()).isTrue();
        window.append(segment(4200, true), T0);
        ParsedPlaylist next = parsed();
        assertThat(next.ended()).isFalse();
        assertThat(next.mediaSequence()).isEqualTo(102);
        assertThat(next.targetDuration()).isEqualTo(4); // decided anew for the new playlist
        assertThat(next.entries()).singleElement().extracting(ParsedPlaylist.Entry::discontinuity).isEqualTo(false);
        assertThat(window.fetchable()).containsKeys(100L, 101L, 102L);
    }

    @Test
    void variantMeasuresPeakAndAverageBitrate() {
        window.append(new FinishedSegment(new byte[500_000], 0, 2000 * 90, false, T0, Optional.of(Frames.VIDEO),
                Optional.of(Frames.AUDIO), 60), T0);
        window.append(new FinishedSegment(new byte[250_000], 0, 2000 * 90, false, T0, Optional.of(Frames.VIDEO),
                Optional.of(Frames.AUDIO), 60), T0);
        VariantStream v = window.variant("source/index.m3u8").orElseThrow();
        assertThat(v.bandwidth()).isEqualTo(2_000_000);
        assertThat(v.averageBandwidth()).isEqualTo(1_500_000);
        assertThat(v.codecs()).isEqualTo("avc1.64001f,mp4a.40.2");
        assertThat(v.resolution()).contains("1280x720");
        assertThat(v.frameRate().getAsDouble()).isEqualTo(30.0);
    }
}
