package io.onair.stream;

import static io.onair.stream.Frames.aac;
import static io.onair.stream.Frames.delta;
import static io.onair.stream.Frames.key;
import static io.onair.stream.Frames.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioConfig;
import io.onair.media.Timebase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingRepairTest {
    private final FakeClock clock = new FakeClock();
    private final StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());

    @Test
    void aacTimingFromTheSampleCountDoesNotDriftOverHours() {
        AudioTimeline timeline = new AudioTimeline(ms(40));
        AudioConfig config = Frames.audio(44_100); // 1024 / 44100 s = 23.2199... ms: never a whole millisecond
        long frames = 6L * 3600 * 44_100 / 1024; // six hours
        long last = 0;
        for (long n = 0; n < frames; n++) {
            // what RTMP delivers: the exact time rounded down to the millisecond
            long exactMicros = n * 1024 * 1_000_000 / 44_100;
            long sent = Timebase.millisToMpeg(exactMicros / 1000);
            last = timeline.next(config, sent);
            long exactTicks = n * 1024 * Timebase.MPEG / 44_100;
            assertThat(last).isEqualTo(exactTicks);
        }
        assertThat(timeline.resyncs()).isZero();
        assertThat(Timebase.mpegToSeconds(last)).isCloseTo((frames - 1) * 1024 / 44_100.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void aacTimelineReanchorsWhenTheEncoderDriftsBeyondTheTolerance() {
        AudioTimeline timeline = new AudioTimeline(ms(40));
        AudioConfig config = Frames.audio(48_000);
        assertThat(timeline.next(config, 0)).isZero();
        assertThat(timeline.next(config, ms(21))).isEqualTo(1920); // 1024 samples = 21.333 ms = 1920 ticks
        assertThat(timeline.next(config, ms(43) + ms(30))).isEqualTo(3840); // 30 ms off: within tolerance
        assertThat(timeline.next(config, ms(64) + ms(41))).isEqualTo(ms(105)); // 41 ms off: re-anchored
        assertThat(timeline.next(config, ms(126))).isEqualTo(ms(105) + 1920);
        assertThat(timeline.resyncs()).isEqualTo(1);
    }

    @Test
    void publicationRewritesAudioDtsBeforeFanOut() throws Exception {
        Publication pub = registry.startPublishing("a", r -> { });
        FrameReader reader = pub.subscribe("r", 100);
        List<Long> sent = List.of(0L, ms(21), ms(43), ms(64), ms(85));
        sent.forEach(dts -> pub.write(aac(dts)));
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            got.add(((StreamEvent.Frame) reader.take()).frame().dts());
        }
        assertThat(got).containsExactly(0L, 1920L, 3840L, 5760L, 7680L);
        assertThat(pub.stats().lastAudioDts().getAsDouble()).isEqualTo(7680 / 90_000.0);
    }

    @Test
    void encoderRestartIsOneDiscontinuityForBothTracks() throws Exception {
        Publication pub = registry.startPublishing("a", r -> { });
        FrameReader reader = pub.subscribe("r", 100);
        pub.write(key(ms(3_600_000)));
        pub.write(aac(ms(3_600_000)));
        pub.write(delta(ms(3_600_033)));
        pub.write(aac(ms(3_600_021)));
        clock.advanceMillis(500);
        pub.write(key(0)); // the encoder restarted: both tracks back to zero
        pub.write(aac(0));
        pub.write(delta(ms(33)));
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            StreamEvent event = reader.take();
            kinds.add(event instanceof StreamEvent.Frame f ? f.frame().getClass().getSimpleName() + "@" + f.frame().dts()
                    : event.getClass().getSimpleName());
        }
        assertThat(kinds).containsExactly("VideoFrame@324000000", "AudioFrame@324000000",
                "VideoFrame@324002970", "AudioFrame@324001920", "Discontinuity", "VideoFrame@0", "AudioFrame@0",
                "VideoFrame@2970");
        assertThat(pub.stats().discontinuities()).isEqualTo(1);
    }

    @Test
    void aForwardJumpInAudioOnlyStreamIsPassedOn() throws Exception {
        Publication pub = registry.startPublishing("radio", r -> { });
        FrameReader reader = pub.subscribe("r", 100);
        pub.write(aac(0));
        pub.write(aac(ms(6000))); // 6 s gap: beyond the 5 s threshold
        assertThat(reader.take()).isInstanceOf(StreamEvent.Frame.class);
        assertThat(reader.take()).isEqualTo(new StreamEvent.Discontinuity("audio dts 0.000 s -> 6.000 s"));
        assertThat(((StreamEvent.Frame) reader.take()).frame().dts()).isEqualTo(ms(6000));
    }

    @Test
    void slidesAtOneFramePerSecondAreNotAJump() throws Exception {
        Publication pub = registry.startPublishing("slides", r -> { });
        FrameReader reader = pub.subscribe("r", 100);
        for (int i = 0; i < 10; i++) {
            pub.write(key(ms(i * 1000L)));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(reader.take()).isInstanceOf(StreamEvent.Frame.class);
        }
        assertThat(pub.stats().discontinuities()).isZero();
    }

    @Test
    void videoDtsSteppingBackALittleIsABadFrameAndSkipped() throws Exception {
        Publication pub = registry.startPublishing("a", r -> { });
        FrameReader reader = pub.subscribe("r", 100);
        pub.write(key(ms(1000)));
        pub.write(delta(ms(1000))); // same dts: not allowed in MPEG-TS
        pub.write(delta(ms(950)));
        pub.write(delta(ms(1033)));
        pub.badFrame("truncated NAL unit");
        assertThat(((StreamEvent.Frame) reader.take()).frame().dts()).isEqualTo(ms(1000));
        assertThat(((StreamEvent.Frame) reader.take()).frame().dts()).isEqualTo(ms(1033));
        assertThat(reader.poll(Duration.ZERO)).isEmpty();
        assertThat(pub.stats().badFrames()).isEqualTo(3);
    }
}
