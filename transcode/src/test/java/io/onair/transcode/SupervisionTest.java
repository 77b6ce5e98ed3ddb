package io.onair.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.stream.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Back-off, speed and stderr rate limiting, on a fake clock. */
class SupervisionTest {
    @Test
    void backOffDoublesFromHalfASecondAndGivesUpAtTheFifthRapidFailure() {
        RestartPolicy p = RestartPolicy.of(TranscodeSettings.defaults(java.nio.file.Path.of("w")));
        Duration quick = Duration.ofSeconds(2);
        assertThat(p.failed(quick)).contains(Duration.ofMillis(500));
        assertThat(p.failed(quick)).contains(Duration.ofSeconds(1));
        assertThat(p.failed(quick)).contains(Duration.ofSeconds(2));
        assertThat(p.failed(quick)).contains(Duration.ofSeconds(4));
        assertThat(p.failed(quick)).isEqualTo(Optional.empty());
    }

    @Test
    void aStableRunResetsTheCount() {
        RestartPolicy p = new RestartPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 5, Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            p.failed(Duration.ofSeconds(1));
        }
        assertThat(p.failed(Duration.ofMinutes(5))).contains(Duration.ofMillis(500));
        assertThat(p.failures()).isEqualTo(1);
    }

    @Test
    void theBackOffIsCapped() {
        RestartPolicy p = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(3), 100, Duration.ofSeconds(30));
        p.failed(Duration.ZERO);
        p.failed(Duration.ZERO);
        assertThat(p.failed(Duration.ZERO)).contains(Duration.ofSeconds(3));
        assertThat(p.failed(Duration.ZERO)).contains(Duration.ofSeconds(3));
    }

    /** Samples once a second: ffmpeg's output advances {@code speed} media seconds per source second. */
    static SpeedMonitor run(FakeClock clock, double speed, int seconds) {
        Instant start = clock.instant();
        SpeedMonitor m = new SpeedMonitor(start, Duration.ofSeconds(5), Duration.ofSeconds(10), 0.95);
        for (int s = 0; s <= seconds; s++) {
            m.sample(clock.instant(), 100 + s * speed, 100 + s);
            if (s < seconds) {
                clock.advanceMillis(1000);
            }
        }
        return m;
    }

    @Test
    void keepingRealTimeIsNotTooSlow() {
        FakeClock clock = new FakeClock();
        SpeedMonitor m = run(clock, 1.0, 30);
        assertThat(m.speed().orElseThrow()).isEqualTo(1.0);
        assertThat(m.tooSlow(clock.instant())).isFalse();
    }

    @Test
    void belowTheThresholdForAWholeWindowAfterWarmUpIsTooSlow() {
        FakeClock clock = new FakeClock();
        SpeedMonitor m = run(clock, 0.9, 14); // 5 s warm-up + 9 s: the window is not yet full
        assertThat(m.tooSlow(clock.instant())).isFalse();
        clock.advanceMillis(1000);
        m.sample(clock.instant(), 100 + 15 * 0.9, 115);
        assertThat(m.speed().orElseThrow()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.tooSlow(clock.instant())).isTrue();
    }

    @Test
    void aSlowStartDuringWarmUpDoesNotCount() {
        FakeClock clock = new FakeClock();
        Instant start = clock.instant();
        SpeedMonitor m = new SpeedMonitor(start, Duration.ofSeconds(5), Duration.ofSeconds(10), 0.95);
        double out = 0;
        for (int s = 0; s <= 20; s++) {
            out += s < 5 ? 0.2 : 1.0;
            m.sample(clock.instant(), out, s);
            clock.advanceMillis(1000);
        }
        assertThat(m.tooSlow(clock.instant())).isFalse();
    }

    @Test
    void aStalledPublisherIsNotFfmpegsFault() {
        FakeClock clock = new FakeClock();
        SpeedMonitor m = new SpeedMonitor(clock.instant(), Duration.ZERO, Duration.ofSeconds(10), 0.95);
        for (int s = 0; s <= 20; s++) {
            m.sample(clock.instant(), 50, 50); // neither the source nor the output moves
            clock.advanceMillis(1000);
        }
        assertThat(m.speed()).isEmpty();
        assertThat(m.tooSlow(clock.instant())).isFalse();
    }

    @Test
    void anOverflowingInputQueueIsTooSlowAtOnce() {
        FakeClock clock = new FakeClock();
        SpeedMonitor m = run(clock, 1.0, 6);
        m.inputDropped(clock.instant());
        assertThat(m.tooSlow(clock.instant())).isTrue();
        assertThat(m.inputOverflowed()).isTrue();
    }

    @Test
    void stderrLogsTheFirstLinesThenCountsOncePerMinute() {
        FakeClock clock = new FakeClock();
        StderrLog log = new StderrLog("c", clock);
        for (int i = 0; i < StderrLog.FIRST_LINES; i++) {
            assertThat(log.line("warning " + i)).isTrue();
        }
        assertThat(log.line("one too many")).isFalse();
        assertThat(log.line("  ")).isFalse();
        assertThat(log.suppressed()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(59));
        log.line("still suppressed");
        assertThat(log.suppressed()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        log.line("counted, then the count is logged");
        assertThat(log.suppressed()).isZero();
        assertThat(log.lastLine()).isEqualTo("counted, then the count is logged");
    }
}
