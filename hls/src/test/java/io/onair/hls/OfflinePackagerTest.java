package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import io.onair.media.fmp4.FlvFrames;
import io.onair.media.fmp4.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file packaged offline (issue 7's uploads): real H.264 + AAC frames (the media fixture {@code av.flv}, 30 fps,
 * 2 B-frames, a keyframe every second, looped five times: 10 s) as the source and as a transcoded rung, fed in
 * decoding order as the upload job does. Every rendition has the same boundaries and sequence numbers, every video
 * segment starts with a keyframe (ffprobe reads each init + segment pair), program date-times start at the given
 * instant, and the archive hears the end once, after the last segment of every rendition.
 */
class OfflinePackagerTest {
    private static final Instant START = Instant.parse("2026-03-01T09:30:00Z");
    private static final FlvFrames FLV = FlvFrames.load("/fmp4/av.flv");
    private static final int LOOPS = 5;
    private static final long CLIP = LoopedFixture.CLIP;
    private static final String RUNG = "240p";

    @TempDir
    Path dir;

    private static final class Recorder implements SegmentArchive {
        final Map<String, Map<Long, byte[]>> inits = new LinkedHashMap<>();
        final Map<String, List<ArchivedSegment>> segments = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void init(String channel, String rendition, long number, byte[] bytes) {
            inits.computeIfAbsent(rendition, r -> new LinkedHashMap<>()).put(number, bytes);
            calls.add("init " + rendition);
        }

        @Override
        public void segment(String channel, String rendition, ArchivedSegment segment) {
            segments.computeIfAbsent(rendition, r -> new ArrayList<>()).add(segment);
            calls.add("segment " + rendition);
        }

        @Override
        public void ended(String channel, Instant at) {
            calls.add("ended " + channel);
        }
    }

    private static Recorder packageFile() {
        Recorder recorder = new Recorder();
        OfflinePackager packager = new OfflinePackager("ch", HlsSettings.defaults()
                .withPartTarget(Duration.ofMillis(500)), new Fmp4SegmentFormat(), START, recorder);
        packager.start(List.of(RUNG));
        for (MediaFrame f : LoopedFixture.frames(LOOPS)) {
            packager.source(f);
            if (f instanceof VideoFrame v) {
                packager.rendition(RUNG, v); // the merge hands the source's frame first on a tie
            }
        }
        packager.finish();
        return recorder;
    }

    @Test
    void everyRenditionHasTheSameBoundariesAndEverySegmentStartsWithAKeyframe() throws IOException {
        Recorder r = packageFile();
        assertThat(r.segments.keySet()).containsExactlyInAnyOrder(HlsChannel.SOURCE, HlsChannel.AUDIO, RUNG);
        List<HlsSegment> source = r.segments.get(HlsChannel.SOURCE).stream().map(ArchivedSegment::segment).toList();
        List<HlsSegment> rung = r.segments.get(RUNG).stream().map(ArchivedSegment::segment).toList();
        List<HlsSegment> audio = r.segments.get(HlsChannel.AUDIO).stream().map(ArchivedSegment::segment).toList();

        // 2 s target, keyframes every second: five 2 s segments, numbered from the start's Unix second
        assertThat(source).extracting(HlsSegment::sequence).containsExactly(START.getEpochSecond(),
                START.getEpochSecond() + 1, START.getEpochSecond() + 2, START.getEpochSecond() + 3,
                START.getEpochSecond() + 4);
        assertThat(source).extracting(HlsSegment::durationTicks).containsOnly(CLIP);
        assertThat(rung).extracting(HlsSegment::sequence).isEqualTo(source.stream().map(HlsSegment::sequence).toList());
        assertThat(rung).extracting(HlsSegment::start).isEqualTo(source.stream().map(HlsSegment::start).toList());
        assertThat(rung).extracting(HlsSegment::durationTicks)
                .isEqualTo(source.stream().map(HlsSegment::durationTicks).toList());
        assertThat(audio).extracting(HlsSegment::sequence)
                .isEqualTo(source.stream().map(HlsSegment::sequence).toList());
        // program date-times: the start, then advancing with the media
        assertThat(source.getFirst().programDateTime()).isEqualTo(START);
        assertThat(source.get(3).programDateTime()).isEqualTo(START.plusSeconds(6));
        // low latency off: no parts were made, whatever the settings said
        assertThat(r.segments.get(HlsChannel.SOURCE)).allSatisfy(a -> assertThat(a.segment().data()).isNotEmpty());

        for (String rendition : List.of(HlsChannel.SOURCE, RUNG)) {
            for (ArchivedSegment a : r.segments.get(rendition)) {
                HlsSegment s = a.segment();
                Path file = dir.resolve(rendition + "-" + s.sequence() + ".mp4");
                Files.write(file, concat(r.inits.get(rendition).get(s.init().getAsLong()), s.data()));
                Tools.Result probe = Tools.run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                        "packet=pts,flags", "-of", "csv=p=0", file.toString());
                assertThat(probe.stderr()).as("ffprobe on %s", file.getFileName()).isEmpty();
                String first = probe.stdout().lines().findFirst().orElseThrow();
                assertThat(first).as("first packet of %s %d", rendition, s.sequence()).contains("K");
                assertThat(Long.parseLong(first.split(",")[0])).as("its PTS is the boundary's").isEqualTo(s.start());
            }
        }

        // init segments before their segments; the end once, last, after every rendition's last segment
        for (String rendition : List.of(HlsChannel.SOURCE, HlsChannel.AUDIO, RUNG)) {
            assertThat(r.calls.indexOf("init " + rendition)).isLessThan(r.calls.indexOf("segment " + rendition));
        }
        assertThat(r.calls.getLast()).isEqualTo("ended ch");
        assertThat(r.calls).filteredOn(c -> c.startsWith("ended")).hasSize(1);
    }

    @Test
    void misuseIsRefusedWithTheReason() {
        OfflinePackager p = new OfflinePackager("ch", HlsSettings.defaults(), new Fmp4SegmentFormat(), START,
                SegmentArchive.NONE);
        assertThatThrownBy(() -> p.source(FLV.frames().getFirst())).hasMessage("not started");
        assertThatThrownBy(() -> p.start(List.of(HlsChannel.SOURCE))).hasMessageContaining("packager's own");
        p.start(List.of());
        assertThatThrownBy(() -> p.rendition("720p", (VideoFrame) FLV.videoFrames().getFirst()))
                .hasMessageContaining("was not started");
        p.finish();
        assertThatThrownBy(p::finish).hasMessage("already finished");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
