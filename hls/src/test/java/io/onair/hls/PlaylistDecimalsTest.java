package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The playlist's own decimal formatting must write exactly what {@code %.3f} and {@code BigDecimal} wrote before it
 * (the golden playlists and every player's view of EXTINF and part durations depend on it).
 */
class PlaylistDecimalsTest {

    @Test
    void everyDurationOnThe90kHzClockUpTo40SecondsFormatsLikeTheSlowFormatters() {
        for (long ticks = 0; ticks <= 3_600_000; ticks++) {
            check(ticks / 90_000.0);
        }
    }

    @Test
    void millisecondTimestampsAndRandomDoublesFormatLikeTheSlowFormatters() {
        for (long ms = 0; ms <= 100_000; ms++) {
            check(ms / 1000.0);
            check(ms / 1000.0 + 0.0005); // exact ties and their nearest doubles
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            check(random.nextDouble(0, 100_000));
            check(random.nextDouble(0, 0.01));
        }
        check(0);
        check(1e7 + 0.25); // Double.toString switches to E notation: the slow path
        check(1e-4);
    }

    @Test
    void negativeValuesFallBackToTheSlowFormatters() {
        check(-1.2345);
        assertThat(MediaPlaylist.millis(-1)).isEqualTo(-1);
    }

    @Test
    void examples() {
        assertThat(MediaPlaylist.fixed3(2.0)).isEqualTo("2.000");
        assertThat(MediaPlaylist.fixed3(0.0005)).isEqualTo("0.001");
        assertThat(MediaPlaylist.fixed3(12.04)).isEqualTo("12.040");
        assertThat(MediaPlaylist.decimal(0.5)).isEqualTo("0.5");
        assertThat(MediaPlaylist.decimal(12)).isEqualTo("12");
        assertThat(MediaPlaylist.decimal(0.4671)).isEqualTo("0.467");
        assertThat(MediaPlaylist.decimal(0.0)).isEqualTo("0");
    }

    private static void check(double v) {
        String fixed = String.format(Locale.ROOT, "%.3f", v);
        String plain = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        if (!MediaPlaylist.fixed3(v).equals(fixed) || !MediaPlaylist.decimal(v).equals(plain)) {
            assertThat(MediaPlaylist.fixed3(v)).as("fixed3(%s)", v).isEqualTo(fixed);
            assertThat(MediaPlaylist.decimal(v)).as("decimal(%s)", v).isEqualTo(plain);
        }
    }
}
