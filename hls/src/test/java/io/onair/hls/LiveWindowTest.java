package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.stream.Frames;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LiveWindowTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private final HlsSettings settings = new HlsSettings(Duration.ofSeconds(2), 3, Duration.ofSeconds(15));
    private final LiveWindow window = new LiveWindow("w", "ts", settings);
    private long next = 100;

    private FinishedSegment segment(long durationMs, boolean discontinuity) {
        return new FinishedSegment(next++, new byte[1000], 0, durationMs * 90, discontinuity, T0, OptionalLong.empty(),
                Optional.of(Frames.VIDEO), Optional.empty(), 60);
    }

    private ParsedPlaylist parsed() {
        return ParsedPlaylist.parse(window.playlist(MediaPlaylist.VERSION_TS).orElseThrow().render());
    }

    @Test
    void emptyUntilTheFirstSegment() {
        assertThat(window.playlist(MediaPlaylist.VERSION_TS)).isEmpty();
        assertThat(window.stats()).isEmpty();
    }

    @Test
    void slidesAndCountsDiscontinuitiesThatLeave() {
        window.append(segment(2000, false), T0, s -> 180_000);
        window.append(segment(2000, true), T0, s -> 180_000);
        window.append(segment(2000, false), T0, s -> 180_000);
        window.append(segment(2000, true), T0, s -> 180_000);
        assertThat(parsed().mediaSequence()).isEqualTo(101);
        assertThat(parsed().discontinuitySequence()).isZero();
        window.append(segment(2000, false), T0, s -> 180_000);
        assertThat(parsed().mediaSequence()).isEqualTo(102);
        assertThat(parsed().discontinuitySequence()).isEqualTo(1); // segment 101 carried one and left
        assertThat(parsed().entries()).extracting(ParsedPlaylist.Entry::discontinuity)
                .containsExactly(false, true, false);
    }

    @Test
    void targetDurationIsFixedFromTheFirstSegment() {
        window.append(segment(3400, false), T0, s -> 180_000); // a 3.4 s keyframe interval from the start
        window.append(segment(2000, false), T0, s -> 180_000);
        assertThat(parsed().targetDuration()).isEqualTo(3);
        window.append(segment(5100, false), T0, s -> 180_000); // longer later: listed with its true duration, target unchanged
        String text = window.playlist(MediaPlaylist.VERSION_TS).orElseThrow().render();
        assertThat(text).contains("#EXT-X-TARGETDURATION:3\n").contains("#EXTINF:5.100,\n");
    }

    @Test
    void segmentsLeavingThePlaylistStayFetchableForTheirDurationPlusThePlaylistsThenAreFreed() {
        for (int i = 0; i < 4; i++) {
            window.append(segment(2000, false), T0, s -> 180_000);
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
            window.append(segment(100, true), T0, s -> 180_000);
        }
        assertThat(parsed().entries()).hasSize(9); // 3 * playlistSegments, although under 3 target durations
        window.purge(T0.plusSeconds(60));
        assertThat(window.fetchable()).hasSize(9);
    }

    @Test
    void aSegmentAfterTheEndStartsANewPlaylistWithContinuingSequenceNumbers() {
        window.append(segment(2000, false), T0, s -> 180_000);
        window.append(segment(2000, false), T0, s -> 180_000);
        window.end();
        assertThat(parsed().ended()).isTrue();
        window.append(segment(4200, true), T0, s -> 180_000);
        ParsedPlaylist next = parsed();
        assertThat(next.ended()).isFalse();
        assertThat(next.mediaSequence()).isEqualTo(102);
        assertThat(next.targetDuration()).isEqualTo(4); // decided anew for the new playlist
        assertThat(next.entries()).singleElement().extracting(ParsedPlaylist.Entry::discontinuity).isEqualTo(false);
        assertThat(window.fetchable()).containsKeys(100L, 101L, 102L);
    }

    @Test
    void statsMeasurePeakAndAverageBitrate() {
        window.append(new FinishedSegment(1, new byte[500_000], 0, 2000 * 90, false, T0, OptionalLong.empty(),
                Optional.of(Frames.VIDEO), Optional.of(Frames.AUDIO), 60), T0, s -> 180_000);
        window.append(new FinishedSegment(2, new byte[250_000], 0, 2000 * 90, false, T0, OptionalLong.empty(),
                Optional.of(Frames.VIDEO), Optional.of(Frames.AUDIO), 60), T0, s -> 180_000);
        WindowStats v = window.stats().orElseThrow();
        assertThat(v.peakBandwidth()).isEqualTo(2_000_000);
        assertThat(v.averageBandwidth()).isEqualTo(1_500_000);
        assertThat(v.video()).contains(Frames.VIDEO);
        assertThat(v.audio()).contains(Frames.AUDIO);
        assertThat(v.frameRate().getAsDouble()).isEqualTo(30.0);
    }

    @Test
    void aMissingSequenceNumberIsListedAsAGapAndNeverServed() {
        window.append(segment(2000, false), T0, s -> 180_000);
        next++; // 101 never came (a transcoder restarting)
        window.append(segment(2000, false), T0, s -> 171_000);
        String text = window.playlist(MediaPlaylist.VERSION_TS).orElseThrow().render();
        assertThat(text).contains("#EXTINF:2.000,\n100.ts\n#EXT-X-GAP\n#EXTINF:1.900,\n101.ts\n"
                + "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T12:00:00.000Z\n#EXTINF:2.000,\n102.ts\n");
        assertThat(window.fetchable()).containsOnlyKeys(100L, 102L);
    }

    @Test
    void aHoleLongerThanTheWindowRestartsTheListing() {
        window.append(segment(2000, false), T0, s -> 180_000);
        next += 10;
        window.append(segment(2000, false), T0, s -> 180_000);
        assertThat(parsed().mediaSequence()).isEqualTo(111);
        assertThat(parsed().entries()).hasSize(1);
        assertThat(window.fetchable()).containsOnlyKeys(100L, 111L); // 100 retained for players that listed it
    }

    @Test
    void initSegmentsNoSegmentUsesAnyMoreAreFreedButTheNewestStays() {
        LiveWindow w = new LiveWindow("w", "m4s", settings);
        w.addInit(1, new byte[] {1});
        for (long s = 1; s <= 3; s++) {
            w.append(new FinishedSegment(s, new byte[10], 0, 180_000, false, T0, OptionalLong.of(1), Optional.empty(),
                    Optional.empty(), 0), T0, x -> 180_000);
        }
        w.addInit(4, new byte[] {4});
        for (long s = 4; s <= 12; s++) {
            w.append(new FinishedSegment(s, new byte[10], 0, 180_000, s == 4, T0, OptionalLong.of(4),
                    Optional.empty(), Optional.empty(), 0), T0, x -> 180_000);
        }
        assertThat(w.inits()).containsOnlyKeys(1L, 4L); // segment 3 is still retained
        w.purge(T0.plusSeconds(60));
        assertThat(w.inits()).containsOnlyKeys(4L);
    }
}
