package io.onair.stream;

import static io.onair.stream.Frames.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.onair.media.AudioFrame;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestStatsTest {
    private final FakeClock clock = new FakeClock();
    private final StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());

    @Test
    void bitrateFrameRateAndKeyframeIntervalOverTheWindow() {
        Publication pub = registry.startPublishing("a", r -> { });
        // 30 fps, 5000 B per frame (1.2 Mbit/s), a keyframe every 5 s; AAC 48 kHz, 200 B per frame
        int audioFrames = 0;
        for (int i = 0; i < 30 * 12; i++) {
            long dts = ms(i * 100L / 3);
            pub.write(Frames.video(Frames.VIDEO, dts, i % 150 == 0, 5000));
            while (audioFrames * 1024L * 90_000 / 48_000 <= dts) {
                pub.write(new AudioFrame(Frames.AUDIO, audioFrames * 1024L * 90_000 / 48_000, new byte[200]));
                audioFrames++;
            }
            clock.advance(Duration.ofNanos(1_000_000_000L / 30));
        }
        IngestStats stats = pub.stats();
        assertThat(stats.videoKbps()).isCloseTo(1200, offset(30.0));
        assertThat(stats.audioKbps()).isCloseTo(48_000 / 1024.0 * 200 * 8 / 1000, offset(2.0));
        assertThat(stats.frameRate()).isCloseTo(30, offset(1.0));
        assertThat(stats.lastKeyframeInterval().getAsDouble()).isEqualTo(5.0);
        assertThat(stats.maxKeyframeInterval().getAsDouble()).isEqualTo(5.0);
        assertThat(stats.keyframeIntervalTooLong()).isTrue();
        assertThat(stats.width()).isEqualTo(1280);
        assertThat(stats.height()).isEqualTo(720);
        assertThat(stats.videoCodecs()).contains("avc1.64001f");
        assertThat(stats.audioCodecs()).contains("mp4a.40.2");
        assertThat(stats.framesReceived()).isEqualTo(360 + audioFrames);
        assertThat(stats.lastVideoDts().getAsDouble()).isCloseTo(359 / 30.0, offset(0.001));
    }

    @Test
    void rateFallsToZeroWhenTheStreamStalls() {
        Publication pub = registry.startPublishing("a", r -> { });
        pub.write(Frames.key(0));
        clock.advanceMillis(100);
        pub.write(Frames.delta(ms(100)));
        assertThat(pub.stats().videoKbps()).isGreaterThan(0);
        clock.advance(Duration.ofSeconds(6));
        assertThat(pub.stats().videoKbps()).isZero();
        assertThat(pub.stats().frameRate()).isZero();
    }

    @Test
    void emptyStatsBeforeAnyFrame() {
        IngestStats stats = registry.startPublishing("a", r -> { }).stats();
        assertThat(stats.videoKbps()).isZero();
        assertThat(stats.lastKeyframeInterval()).isEmpty();
        assertThat(stats.videoCodecs()).isEmpty();
        assertThat(stats.keyframeIntervalTooLong()).isFalse();
    }
}
