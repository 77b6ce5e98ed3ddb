package io.onair.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioClockTest {
    private final AudioClock clock = new AudioClock(44_100, 1024);

    @Test
    void convertsRoundingHalfUpWithoutOverflow() {
        assertThat(clock.convert(0)).isZero();
        assertThat(clock.convert(90_000)).isEqualTo(44_100);
        assertThat(clock.convert(1)).isZero();               // 0.49
        assertThat(clock.convert(2)).isEqualTo(1);           // 0.98
        assertThat(clock.convert(Fmp4FragmentWriter.MAX_DTS)).isEqualTo(2_155_042_790_441L); // 2^42 × 0.49, rounded
        assertThat(new AudioClock((1 << 24) - 1, 1024).convert(Long.MAX_VALUE)).isPositive();
    }

    @Test
    void placesAFrameInTheNextSlotWithinHalfAFrameAndAtItsOwnTimeBeyond() {
        long first = clock.map(Long.MIN_VALUE, 90_000);
        assertThat(first).isEqualTo(44_100);
        // The next slot is 45124. A frame 511 samples off it snaps; 512 (exactly half a frame) or more does not.
        assertThat(clock.map(first, 93_132)).isEqualTo(45_124);  // own time 45635 = slot + 511
        assertThat(clock.map(first, 93_134)).isEqualTo(45_636);  // slot + 512
        assertThat(clock.map(first, 91_046)).isEqualTo(45_124);  // slot - 511
        assertThat(clock.map(first, 91_044)).isEqualTo(44_612);  // slot - 512
    }
}
