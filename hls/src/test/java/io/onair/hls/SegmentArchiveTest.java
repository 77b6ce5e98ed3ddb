package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.stream.FakeClock;
import io.onair.stream.Frames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a {@link SegmentArchive} (the replay recorder) is told: every listed segment of every rendition, each init
 * segment before the segments that use it, and the end of the broadcast only after the last transcoded segment,
 * which arrives after the source's ENDLIST.
 */
class SegmentArchiveTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final VideoConfig P360 = Frames.video(640, 360);
    private static final long FRAME = 3000;

    private final FakeClock clock = new FakeClock(T0);
    private final List<String> calls = new ArrayList<>();
    private final SegmentArchive archive = new SegmentArchive() {
        @Override
        public void init(String channel, String rendition, long number, byte[] bytes) {
            calls.add(channel + " init " + rendition + " " + number);
        }

        @Override
        public void segment(String channel, String rendition, ArchivedSegment s) {
            calls.add(channel + " segment " + rendition + " " + s.segment().sequence() + " init "
                    + s.segment().init().orElse(-1) + " " + s.extension()
                    + s.video().map(v -> " " + v.width() + "x" + v.height()).orElse("")
                    + s.audio().map(a -> " " + a.sampleRate() + "Hz").orElse(""));
        }

        @Override
        public void ended(String channel, Instant at) {
            calls.add(channel + " ended " + at);
        }
    };
    private final HlsChannel channel = new HlsChannel("ch",
            new HlsSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(15)), clock, FakeFormat.separate(), archive);
    private final HlsSegmenter source = channel.segmenterForTest();
    private long audioN;

    private void sourceFrames(long fromFrame, long toFrame) {
        for (long f = fromFrame; f < toFrame; f++) {
            long dts = f * FRAME;
            source.frame(new VideoFrame(Frames.VIDEO, dts, dts, f % 60 == 0, new byte[2000]),
                    T0.plusNanos(dts * 100_000 / 9));
            while (audioN * 1920 <= dts) {
                source.frame(new AudioFrame(Frames.AUDIO, audioN * 1920, new byte[300]), T0);
                audioN++;
            }
        }
    }

    private void transcoded(long fromFrame, long toFrame) {
        for (long f = fromFrame; f < toFrame; f++) {
            channel.renditionFrame("360p", new VideoFrame(P360, f * FRAME, f * FRAME, f % 60 == 0, new byte[500]));
        }
    }

    private List<String> calls(String kind, String rendition) {
        return calls.stream().filter(c -> c.startsWith("ch " + kind + " " + rendition + " ")).toList();
    }

    @Test
    void everyRenditionsSegmentsGoToTheArchiveAndTheEndComesAfterTheLastTranscodedSegment() {
        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 300); // 10 s: five 2 s segments, the last one closed by the end
        transcoded(0, 240);
        channel.endPublicationForTest();
        channel.endPlaylistForTest();
        assertThat(calls).noneMatch(c -> c.contains("ended")); // 360p is still draining
        transcoded(240, 300);
        clock.advance(Duration.ofMillis(800));
        channel.renditionEnded("360p", "publication ended");

        long first = channel.renditionForTest(HlsChannel.SOURCE).orElseThrow().window().listed().getFirst()
                .sequence();
        assertThat(calls(("segment"), "source")).hasSize(5).first().asString()
                .isEqualTo("ch segment source " + first + " init " + first + " m4s 1280x720");
        assertThat(calls("segment", "audio")).hasSize(5).first().asString().endsWith(" m4s 48000Hz");
        assertThat(calls("segment", "360p")).hasSize(5).last().asString()
                .startsWith("ch segment 360p " + (first + 4) + " init " + first);
        // every init before its first use; the end last, once, at the time the last rendition ended
        for (String r : List.of("source", "audio", "360p")) {
            assertThat(calls.indexOf("ch init " + r + " " + first)).isNotNegative()
                    .isLessThan(calls.indexOf(calls("segment", r).getFirst()));
        }
        assertThat(calls.getLast()).isEqualTo("ch ended " + T0.plusMillis(800));
        assertThat(calls).filteredOn(c -> c.contains("ended")).hasSize(1);
    }

    @Test
    void aPlaylistWithoutTranscodingEndsAtOnceAndANewPublicationIsANewBroadcast() {
        channel.startPublicationForTest();
        sourceFrames(0, 120);
        channel.endPublicationForTest();
        channel.endPlaylistForTest();
        assertThat(calls.getLast()).startsWith("ch ended");
        int firstBroadcast = calls.size();

        channel.startPublicationForTest();
        sourceFrames(120, 240);
        channel.endPublicationForTest();
        channel.endPlaylistForTest();
        List<String> second = calls.subList(firstBroadcast, calls.size());
        assertThat(second).anyMatch(c -> c.startsWith("ch segment source"))
                .last().asString().startsWith("ch ended");
        // The same tracks as before, but a new broadcast: its replay is stored on its own, so it needs its own init
        // segments, named by its first segment (before the fix its segments used the first broadcast's, which
        // its replay never got: unplayable, and no thumbnails).
        for (String rendition : List.of("source", "audio")) {
            List<String> own = second.stream().filter(c -> c.startsWith("ch init " + rendition + " ")).toList();
            assertThat(own).as(rendition).hasSize(1);
            long init = Long.parseLong(own.getFirst().substring(own.getFirst().lastIndexOf(' ') + 1));
            assertThat(second.stream().filter(c -> c.startsWith("ch segment " + rendition + " ")))
                    .as(rendition).isNotEmpty().allMatch(c -> c.contains(" init " + init + " "));
            assertThat(second.indexOf(own.getFirst())).as("the init before the segments that use it")
                    .isLessThan(second.indexOf(second.stream()
                            .filter(c -> c.startsWith("ch segment " + rendition + " ")).findFirst().orElseThrow()));
        }
    }

    @Test
    void aRenditionThatStartsInALaterPublicationTakesThatPublicationsNumbers() {
        // A first publication without a ladder (a 360p source has no rung below it), then one with a rung. Both
        // timelines start at 0, so the plan still holds the first one's boundaries at the same PTS values.
        channel.startPublicationForTest();
        sourceFrames(0, 240);
        channel.endPublicationForTest();
        channel.endPlaylistForTest();
        int firstBroadcast = calls.size();
        audioN = 0;

        channel.startPublicationForTest();
        channel.renditionStarted("360p");
        sourceFrames(0, 300);
        transcoded(0, 240);
        channel.endPublicationForTest();
        List<String> second = calls.subList(firstBroadcast, calls.size());
        List<Long> source = sequences(second, "source");
        List<Long> rung = sequences(second, "360p");
        assertThat(rung).as("the rung's segments are the source's of this publication").isNotEmpty()
                .isEqualTo(source.subList(0, rung.size()));
    }

    private static List<Long> sequences(List<String> calls, String rendition) {
        return calls.stream().filter(c -> c.startsWith("ch segment " + rendition + " "))
                .map(c -> Long.parseLong(c.split(" ")[3])).toList();
    }

    @Test
    void anArchiveThatThrowsDoesNotStopTheLiveStream() {
        HlsChannel c = new HlsChannel("ch", new HlsSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(15)),
                clock, FakeFormat.separate(), new SegmentArchive() {
                    @Override
                    public void init(String ch, String rendition, long number, byte[] bytes) {
                        throw new IllegalStateException("disk full");
                    }

                    @Override
                    public void segment(String ch, String rendition, ArchivedSegment segment) {
                        throw new IllegalStateException("disk full");
                    }

                    @Override
                    public void ended(String ch, Instant at) {
                        throw new IllegalStateException("disk full");
                    }
                });
        c.startPublicationForTest();
        HlsSegmenter s = c.segmenterForTest();
        for (long f = 0; f < 200; f++) {
            s.frame(new VideoFrame(Frames.VIDEO, f * FRAME, f * FRAME, f % 60 == 0, new byte[100]), T0);
        }
        c.endPublicationForTest();
        c.endPlaylistForTest();
        assertThat(c.renditionForTest(HlsChannel.SOURCE).orElseThrow().window().listed()).hasSize(4);
        assertThat(c.mediaPlaylist(HlsChannel.SOURCE)).get().asString().contains("#EXT-X-ENDLIST");
    }
}
