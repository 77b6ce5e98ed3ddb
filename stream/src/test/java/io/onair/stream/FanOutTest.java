package io.onair.stream;

import static io.onair.stream.Frames.aac;
import static io.onair.stream.Frames.delta;
import static io.onair.stream.Frames.key;
import static io.onair.stream.Frames.ms;
import static io.onair.stream.Readers.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanOutTest {
    private final FakeClock clock = new FakeClock();
    private final StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());

    /** A GOP of 30 frames at 30 fps: a keyframe every second. */
    private static MediaFrame frame(int i) {
        long dts = ms(i * 1000L / 30);
        return i % 30 == 0 ? key(dts) : delta(dts);
    }

    /** Video frames {@code from} until {@code to}, each followed by an AAC frame at its time. */
    private static void writeWithAudio(Publication pub, int from, int to) {
        for (int i = from; i < to; i++) {
            pub.write(frame(i));
            pub.write(aac(ms(i * 1000L / 30)));
        }
    }

    private static List<MediaFrame> frames(List<StreamEvent> events) {
        return events.stream().filter(e -> e instanceof StreamEvent.Frame)
                .map(e -> ((StreamEvent.Frame) e).frame()).toList();
    }

    @Test
    void slowReaderDropsToTheNextKeyframeAndCountsThePublisherNeverWaits() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader slow = pub.subscribe("slow", 10);
        FrameReader fast = pub.subscribe("fast", 1000);
        // 10 frames fit; frames 10..29 are dropped; 30 is a keyframe and resumes; 31..39 fit; 40.. dropped.
        for (int i = 0; i < 45; i++) {
            pub.write(frame(i)); // returns at once although nobody reads "slow"
        }
        List<MediaFrame> got = frames(drain(slow));
        assertThat(got).hasSize(10);
        assertThat(got.get(0).dts()).isEqualTo(frame(0).dts());
        assertThat(slow.dropped()).isEqualTo(35);

        for (int i = 45; i < 61; i++) {
            pub.write(frame(i));
        }
        got = frames(drain(slow));
        // resumes exactly at the keyframe of frame 60, never at a delta frame
        assertThat(got).hasSize(1);
        assertThat(((VideoFrame) got.get(0)).keyframe()).isTrue();
        assertThat(got.get(0).dts()).isEqualTo(frame(60).dts());
        assertThat(frames(drain(fast))).hasSize(61);
        assertThat(fast.dropped()).isZero();
        assertThat(pub.stats().framesDropped()).isEqualTo(slow.dropped());
    }

    @Test
    void keyframeStartsReachOnlyTheReadersThatAskedAheadOfTheirFrame() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader hls = pub.subscribe("hls", 1000, true);
        FrameReader transcoder = pub.subscribe("transcoder", 1000);
        pub.keyframeStart(0, 0); // no video yet: nothing to continue
        for (int i = 0; i < 30; i++) {
            pub.write(frame(i));
        }
        long dts = frame(30).dts();
        pub.keyframeStart(frame(29).dts(), frame(29).dts()); // not after the last frame: ignored
        pub.keyframeStart(dts + ms(60_000), dts + ms(60_000)); // a jump: waits for the frame
        pub.keyframeStart(dts, dts + 6000);
        pub.write(frame(30));
        List<StreamEvent> events = drain(hls);
        assertThat(events).filteredOn(e -> e instanceof StreamEvent.KeyframeStart).singleElement()
                .satisfies(e -> {
                    StreamEvent.KeyframeStart k = (StreamEvent.KeyframeStart) e;
                    assertThat(k.dts()).isEqualTo(dts);
                    assertThat(k.pts()).isEqualTo(dts + 6000);
                });
        assertThat(events.get(events.size() - 2)).isInstanceOf(StreamEvent.KeyframeStart.class);
        assertThat(((StreamEvent.Frame) events.getLast()).frame().dts()).isEqualTo(dts);
        assertThat(drain(transcoder)).hasSize(31).allSatisfy(e -> assertThat(e).isInstanceOf(StreamEvent.Frame.class));
    }

    @Test
    void aReaderThatIsDroppingGetsNoKeyframeStart() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader slow = pub.subscribe("slow", 10, true);
        for (int i = 0; i < 20; i++) {
            pub.write(frame(i)); // 10..19 dropped: the reader waits for the next keyframe
        }
        pub.keyframeStart(frame(20).dts(), frame(20).dts());
        assertThat(drain(slow)).hasSize(10).noneMatch(e -> e instanceof StreamEvent.KeyframeStart);
    }

    @Test
    void publisherNeverBlocksOnAReaderThatNeverReads() {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader stuck = pub.subscribe("stuck", 4);
        for (int i = 0; i < 100_000; i++) {
            pub.write(frame(i));
        }
        assertThat(stuck.dropped()).isGreaterThan(99_000);
        assertThat(pub.stats().framesReceived()).isEqualTo(100_000);
    }

    @Test
    void lateReaderStartsAtTheCachedGopKeyframe() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        writeWithAudio(pub, 0, 40);
        FrameReader late = pub.subscribe("late", 100);
        List<MediaFrame> got = frames(drain(late));
        assertThat(got.get(0)).isInstanceOf(VideoFrame.class);
        assertThat(((VideoFrame) got.get(0)).keyframe()).isTrue();
        assertThat(got.get(0).dts()).isEqualTo(frame(30).dts());
        assertThat(got).hasSize(20); // frames 30..39, video and audio
        pub.write(frame(40));
        assertThat(frames(drain(late))).extracting(MediaFrame::dts).containsExactly(frame(40).dts());
    }

    @Test
    void aVideoReaderGetsNoAudioFromTheCacheOrTheStreamButEveryMarker() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        writeWithAudio(pub, 0, 40);
        FrameReader video = pub.subscribeVideo("transcoder", 15);
        FrameReader all = pub.subscribe("hls", 1000);
        assertThat(frames(drain(video))).extracting(MediaFrame::dts)
                .containsExactlyElementsOf(IntStream.range(30, 40).mapToObj(i -> frame(i).dts()).toList());
        writeWithAudio(pub, 40, 45);
        pub.write(key(ms(3_600_000))); // an encoder jump: a discontinuity
        pub.end(EndReason.CLEAN);
        List<StreamEvent> events = drain(video);
        // 15 frames of capacity, 10 taken: the five video frames fit because the audio never counted
        assertThat(frames(events)).hasSize(6).allMatch(f -> f instanceof VideoFrame);
        assertThat(video.dropped()).isZero();
        assertThat(events.get(5)).isInstanceOf(StreamEvent.Discontinuity.class);
        assertThat(events.getLast()).isEqualTo(new StreamEvent.End(EndReason.CLEAN));
        assertThat(frames(drain(all))).hasSize(31); // 30..44 video and audio, and the keyframe after the jump
    }

    @Test
    void lateReaderWaitsForAKeyframeWhenTheGopIsLargerThanTheCache() throws Exception {
        StreamSettings small = new StreamSettings(1_500, Duration.ofSeconds(5), Duration.ofMillis(40),
                Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1));
        Publication pub = new StreamRegistry(clock, small).startPublishing("a", reason -> { });
        for (int i = 0; i < 45; i++) {
            pub.write(frame(i)); // keyframe 1000 B + 14 deltas of 100 B: over the 1500 B limit
        }
        FrameReader late = pub.subscribe("late", 100);
        assertThat(drain(late)).isEmpty();
        for (int i = 45; i < 61; i++) {
            pub.write(frame(i));
        }
        List<MediaFrame> got = frames(drain(late));
        assertThat(got).hasSize(1);
        assertThat(((VideoFrame) got.get(0)).keyframe()).isTrue();
    }

    @Test
    void audioOnlyReaderResumesAtTheNextFrame() throws Exception {
        Publication pub = registry.startPublishing("radio", reason -> { });
        FrameReader slow = pub.subscribe("slow", 2);
        for (int i = 0; i < 5; i++) {
            pub.write(aac(ms(i * 21)));
        }
        assertThat(frames(drain(slow))).hasSize(2);
        pub.write(aac(ms(5 * 21)));
        assertThat(frames(drain(slow))).hasSize(1);
        assertThat(slow.dropped()).isEqualTo(3);
        FrameReader late = pub.subscribe("late", 10);
        assertThat(drain(late)).isEmpty(); // nothing cached for audio-only: starts with the next frame
    }

    @Test
    void discontinuitySeenWhileDroppingIsDeliveredBeforeTheResumingKeyframe() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader slow = pub.subscribe("slow", 3);
        for (int i = 0; i < 10; i++) {
            pub.write(frame(i));
        }
        assertThat(frames(drain(slow))).hasSize(3); // 3..9 were dropped, the reader still waits for a keyframe
        pub.write(delta(ms(3_600_000))); // an encoder jump, while the reader is dropping
        pub.write(key(ms(3_600_033)));
        List<StreamEvent> events = drain(slow);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(StreamEvent.Discontinuity.class);
        assertThat(((StreamEvent.Discontinuity) events.get(0)).description())
                .isEqualTo("video dts 0.300 s -> 3600.000 s");
        assertThat(((StreamEvent.Frame) events.get(1)).frame().dts()).isEqualTo(ms(3_600_033));
    }

    @Test
    void endReachesEveryReaderAndRepeats() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader reader = pub.subscribe("r", 1);
        pub.write(frame(0));
        pub.write(frame(1)); // dropped: the end is still delivered
        pub.end(EndReason.CLEAN);
        assertThat(reader.take()).isInstanceOf(StreamEvent.Frame.class);
        assertThat(reader.take()).isEqualTo(new StreamEvent.End(EndReason.CLEAN));
        assertThat(reader.take()).isEqualTo(new StreamEvent.End(EndReason.CLEAN));
        assertThat(pub.subscribe("after", 5).take()).isEqualTo(new StreamEvent.End(EndReason.CLEAN));
        pub.write(frame(2)); // ignored after the end
        assertThat(pub.stats().framesReceived()).isEqualTo(2);
    }

    @Test
    void closedReaderIsForgottenAndThrows() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader reader = pub.subscribe("r", 10);
        reader.close();
        pub.write(frame(0));
        assertThatThrownBy(reader::take).isInstanceOf(StreamClosedException.class)
                .hasMessage("reader r is closed");
    }

    @Test
    void blockedTakeWakesUpOnAFrameFromAnotherThread() throws Exception {
        Publication pub = registry.startPublishing("a", reason -> { });
        FrameReader reader = pub.subscribe("r", 10);
        Thread publisher = Thread.ofVirtual().start(() -> pub.write(frame(0)));
        assertThat(reader.take()).isInstanceOf(StreamEvent.Frame.class);
        publisher.join();
    }
}
