package io.onair.hls;

import static io.onair.stream.Frames.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.stream.Frames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsSegmenterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private final FakeFormat format = FakeFormat.muxed();
    private final List<Seg> out = new ArrayList<>();
    private HlsChannel channel = channel(1 << 20);
    private HlsSegmenter segmenter = channel.segmenterForTest();

    /** What a test asserts about a segment of the source rendition (no B-frames here: start PTS = start DTS). */
    record Seg(long startDts, long durationTicks, boolean discontinuity, Instant programDateTime, byte[] data) {
        java.util.Optional<String> audio() {
            return FakeFormat.text(data).contains("+aac") ? java.util.Optional.of("aac") : java.util.Optional.empty();
        }
    }

    private HlsChannel channel(long maxBytes) {
        io.onair.stream.FakeClock clock = new io.onair.stream.FakeClock();
        HlsSettings settings = new HlsSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(15),
                HlsSettings.DEFAULT_ENDED_RETENTION, Math.max(maxBytes, 1 << 16), 2048);
        return new HlsChannel("test", settings, clock, format);
    }

    /** Every segment the source rendition listed so far (its window keeps them: tests stay under 6). */
    private List<Seg> out() {
        out.clear();
        channel.renditionForTest(HlsChannel.SOURCE).ifPresent(r -> r.window().listed().forEach(s -> out.add(
                new Seg(s.start(), s.durationTicks(), s.discontinuity(), s.programDateTime(), s.data()))));
        return out;
    }

    /** Feeds 30 fps video (keyframe every {@code gopFrames}) and 48 kHz AAC from {@code fromMs} for {@code millis}. */
    private void feed(VideoConfig config, long fromMs, long millis, int gopFrames, boolean audio) {
        long audioN = Math.ceilDiv(fromMs * 48, 1024);
        for (long f = Math.ceilDiv(fromMs * 30, 1000); f * 1000 / 30 < fromMs + millis; f++) {
            long dts = ms(f * 1000 / 30);
            frame(Frames.video(config, dts, f % gopFrames == 0, 100));
            while (audio && audioN * 1024 * 90_000 / 48_000 <= dts) {
                frame(new AudioFrame(Frames.AUDIO, audioN * 1024 * 90_000 / 48_000, new byte[10]));
                audioN++;
            }
        }
    }

    private void frame(MediaFrame frame) {
        // arrival jitters by up to 40 ms around the media time: program date-times must not
        segmenter.frame(frame, T0.plusMillis(frame.dts() / 90 + (frame.dts() / 90 * 7919) % 40));
    }

    private List<String> texts() {
        return out().stream().map(s -> FakeFormat.text(s.data())).toList();
    }

    @Test
    void cutsAtTheFirstKeyframeAfterTheTargetAndStartsEachSegmentWithTablesAndTheKeyframe() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 6100, 30, true); // keyframe every second
        segmenter.endPublication();
        assertThat(out()).extracting(Seg::startDts).containsExactly(0L, ms(2000), ms(4000), ms(6000));
        assertThat(out()).extracting(Seg::durationTicks)
                .containsExactly(ms(2000), ms(2000), ms(2000), 3 * 2970L); // 6000, 6033, 6066 ms + one frame
        assertThat(texts()).allSatisfy(t -> assertThat(t).startsWith("[tables 1280x720+aac48000] V"));
        assertThat(texts().get(1)).startsWith("[tables 1280x720+aac48000] V180000K ");
        assertThat(texts().get(0).split(" V").length - 1).isEqualTo(60);
        assertThat(out()).extracting(Seg::discontinuity).containsExactly(false, false, false, false);
        assertThat(format.writersOpened).isEqualTo(1);
    }

    @Test
    void programDateTimeFollowsTheMediaClockFromTheFirstArrival() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 6100, 30, true);
        segmenter.endPublication();
        assertThat(out()).extracting(Seg::programDateTime).containsExactly(T0, T0.plusSeconds(2),
                T0.plusSeconds(4), T0.plusSeconds(6));
    }

    @Test
    void longGopMakesLongSegments() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 9100, 90, false); // keyframe every 3 s, video only
        segmenter.endPublication();
        assertThat(out()).extracting(Seg::durationTicks).containsExactly(ms(3000), ms(3000), ms(3000),
                3 * 2970L);
    }

    @Test
    void audioOnlyCutsOnAudioFramesAtTheTarget() {
        segmenter.startPublication();
        for (long n = 0; n < 300; n++) { // 6.4 s of 48 kHz AAC
            frame(Frames.aac(n * 1920));
        }
        segmenter.endPublication();
        // 2 s = 93.75 frames: cut at frame 94 (2.005 s), 188, 282
        assertThat(out()).extracting(Seg::startDts).containsExactly(0L, 94 * 1920L, 188 * 1920L,
                282 * 1920L);
        assertThat(out().get(3).durationTicks()).isEqualTo(18 * 1920L);
        assertThat(texts().get(0)).startsWith("[tables -+aac48000] A0 A1920");
        assertThat(texts()).noneMatch(t -> t.contains(" V"));
    }

    @Test
    void videoOnlyStreamIsKnownAfterTheProbeSecond() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 999, 30, false);
        assertThat(format.writersOpened).isZero(); // still probing: audio may come
        feed(Frames.VIDEO, 999, 3100, 30, false);
        assertThat(format.writersOpened).isEqualTo(1);
        assertThat(out()).hasSize(2);
        assertThat(texts().get(0)).startsWith("[tables 1280x720+-] V0K V2970 ");
        assertThat(out().get(0).audio()).isEmpty();
    }

    @Test
    void framesBeforeTheFirstKeyframeAreSkipped() {
        segmenter.startPublication();
        frame(Frames.delta(0));
        frame(Frames.aac(0));
        frame(Frames.key(3000));
        frame(Frames.aac(1920));
        frame(Frames.delta(6000));
        segmenter.endPublication();
        // A1920 is nearer the previous (skipped) segment than the keyframe at 3000: audio is cut at the nearest frame
        assertThat(texts()).containsExactly("[tables 1280x720+-] V3000K V6000"); // so this segment has no audio track
    }

    @Test
    void resolutionChangeFinishesTheSegmentAndOpensANewWriterWithADiscontinuity() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 3000, 30, true);
        feed(Frames.video(1920, 1080), 3000, 2500, 30, true);
        segmenter.endPublication();
        assertThat(out()).extracting(Seg::startDts).containsExactly(0L, ms(2000), ms(3000), ms(5000));
        assertThat(out()).extracting(Seg::discontinuity).containsExactly(false, false, true, false);
        assertThat(out().get(1).durationTicks()).isEqualTo(ms(966) + 2970); // ends one frame after its last (2966 ms)
        assertThat(texts().get(2)).startsWith("[tables 1920x1080+aac48000] V270000K");
        assertThat(format.writersOpened).isEqualTo(2);
    }

    @Test
    void timestampJumpFinishesTheSegmentAndReanchorsTheProgramDateTime() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 1000, 30, false);
        segmenter.discontinuity();
        segmenter.frame(Frames.key(ms(3_600_000)), T0.plusSeconds(1));
        segmenter.frame(Frames.delta(ms(3_600_033)), T0.plusSeconds(1));
        segmenter.endPublication();
        assertThat(out()).hasSize(2);
        assertThat(out().get(1).discontinuity()).isTrue();
        assertThat(out().get(1).programDateTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(out().get(1).startDts()).isEqualTo(ms(3_600_000));
    }

    @Test
    void republishStartsWithADiscontinuityAndNewTracks() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 2500, 30, true);
        segmenter.endPublication();
        segmenter.startPublication();
        for (long n = 0; n < 100; n++) {
            frame(Frames.aac(n * 1920)); // the streamer came back audio-only
        }
        segmenter.endPublication();
        assertThat(out()).extracting(Seg::discontinuity).containsExactly(false, false, true, false);
        assertThat(texts().get(2)).startsWith("[tables -+aac48000] A0");
    }

    @Test
    void segmentWithoutKeyframesPastTheByteLimitIsAbandoned() {
        channel = channel(1 << 16);
        HlsSegmenter small = channel.segmenterForTest();
        small.startPublication();
        small.frame(Frames.key(0), T0);
        for (int i = 1; i < 400; i++) {
            small.frame(Frames.video(Frames.VIDEO, i * 3000L, false, 1000), T0);
        }
        small.frame(Frames.key(400 * 3000L), T0);
        small.frame(Frames.delta(401 * 3000L), T0);
        small.endPublication();
        assertThat(out()).hasSize(1);
        assertThat(out().get(0).startDts()).isEqualTo(400 * 3000L);
        assertThat(texts().get(0)).startsWith("[tables 1280x720+-] V1200000K");
    }

    @Test
    void audioAppearingLateIsATrackChange() {
        segmenter.startPublication();
        feed(Frames.VIDEO, 0, 2500, 30, false);
        frame(Frames.aac(ms(2500)));
        feed(Frames.VIDEO, 2500, 2000, 30, true);
        segmenter.endPublication();
        assertThat(out()).extracting(Seg::discontinuity).containsExactly(false, false, true);
        assertThat(out().get(2).audio()).isPresent();
        assertThat(out().get(2).startDts()).isEqualTo(ms(3000));
        assertThat(format.writersOpened).isEqualTo(2);
        assertThat(out().get(1).data()).isNotEmpty();
        assertThat(out.stream().map(s -> FakeFormat.text(s.data())).toList().get(2))
                .startsWith("[tables 1280x720+aac48000] V270000K");
        assertThat(VideoFrame.class).isNotNull();
    }
}
