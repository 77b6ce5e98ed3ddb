package io.onair.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LadderTest {
    static List<String> names(List<Rendition> renditions) {
        return renditions.stream().map(r -> r.name() + " " + r.width() + "x" + r.height()).toList();
    }

    @Test
    void a720pSourceAt2500KbpsYields480pAnd360p() {
        assertThat(names(Ladder.defaults().select(new SourceInfo(1280, 720, 30, 2500))))
                .containsExactly("480p 854x480", "360p 640x360");
    }

    @Test
    void a1080pSourceYieldsTheWholeLadder() {
        assertThat(names(Ladder.defaults().select(new SourceInfo(1920, 1080, 30, 6000))))
                .containsExactly("720p 1280x720", "480p 854x480", "360p 640x360");
    }

    @Test
    void rungsAtOrAboveTheSourceBitrateAreSkipped() {
        assertThat(names(Ladder.defaults().select(new SourceInfo(1920, 1080, 30, 2000))))
                .containsExactly("480p 854x480", "360p 640x360");
        assertThat(names(Ladder.defaults().select(new SourceInfo(1920, 1080, 30, 600)))).isEmpty();
    }

    @Test
    void anUnknownBitrateSkipsOnHeightOnly() {
        assertThat(names(Ladder.defaults().select(new SourceInfo(854, 480, 30, 0)))).containsExactly("360p 640x360");
    }

    @Test
    void widthFollowsTheAspectRatioAndIsEven() {
        assertThat(names(Ladder.defaults().select(new SourceInfo(1440, 1080, 30, 0))))
                .containsExactly("720p 960x720", "480p 640x480", "360p 480x360");
        assertThat(Ladder.width(new SourceInfo(854, 480, 30, 0), 240)).isEqualTo(428);
    }

    @Test
    void aPortraitSourceIsSizedByItsShortSide() {
        // A phone held upright: 1080x1920 is "1080p"; its rungs keep the short side at the rung's size.
        assertThat(names(Ladder.defaults().select(new SourceInfo(1080, 1920, 30, 6000))))
                .containsExactly("720p 720x1280", "480p 480x854", "360p 360x640");
        // 720x1280 is already 720p: no 720p rung (it was 406x720 by height).
        assertThat(names(Ladder.defaults().select(new SourceInfo(720, 1280, 30, 4000))))
                .containsExactly("480p 480x854", "360p 360x640");
        // Square counts as landscape: the short side is either.
        assertThat(names(Ladder.defaults().select(new SourceInfo(1080, 1080, 30, 6000))))
                .containsExactly("720p 720x720", "480p 480x480", "360p 360x360");
    }

    @Test
    void aFasterSourceIsThinnedToTheRungsRate() {
        Rendition r = Ladder.defaults().select(new SourceInfo(1920, 1080, 60, 6000)).getFirst();
        assertThat(r.thinTo()).isEqualTo(OptionalDouble.of(30));
        assertThat(Ladder.defaults().select(new SourceInfo(1920, 1080, 30.3, 6000)).getFirst().thinTo()).isEmpty();
    }

    @Test
    void rungsAreSortedHighestFirst() {
        Ladder ladder = new Ladder(List.of(Rung.of("low", 240, 30, 300), Rung.of("high", 720, 30, 2500)));
        assertThat(ladder.rungs()).extracting(Rung::name).containsExactly("high", "low");
    }

    @Test
    void badRungsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Rung.of("720p", 721, 30, 2500)).hasMessage(
                "rung 720p: height must be even and between 64 and 4320, was 721");
        assertThatThrownBy(() -> Rung.of("source", 720, 30, 2500))
                .hasMessage("rung name 'source' is the packager's own ('source' is the passthrough rendition,"
                        + " 'audio' the audio group)");
        assertThatThrownBy(() -> Rung.of("Big One", 720, 30, 2500)).hasMessageContaining("rung name 'Big One'");
        assertThatThrownBy(() -> new Rung("x", 720, 30, 2500, 2000, 5000))
                .hasMessage("rung x: max-kbps (2000) must not be below video-kbps (2500)");
        assertThatThrownBy(() -> new Ladder(List.of(Rung.of("a", 720, 30, 2500), Rung.of("a", 480, 30, 1200))))
                .hasMessage("ladder: rung name 'a' is used twice");
        assertThatThrownBy(() -> new Ladder(java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> Rung.of("r" + i, 100 + 2 * i, 30, 100)).toList()))
                .hasMessage("ladder has 7 rungs, at most 6 are allowed");
    }
}
