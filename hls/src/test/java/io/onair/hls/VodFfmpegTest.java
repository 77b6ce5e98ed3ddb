package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.fmp4.FlvFrames;
import io.onair.media.fmp4.Tools;
import io.onair.stream.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with readers nobody here wrote: a broadcast of real H.264 + AAC (the media fixture {@code av.flv},
 * looped) packaged live into fMP4 by {@link HlsChannel} with the real muxer, recorded through the
 * {@link SegmentArchive} port as the app's recorder will, written in the {@code /vod/{id}} layout with the playlists
 * {@link VodPresentation} renders from the recording's index; ffprobe and ffmpeg must read it all without a word on
 * stderr, with the recording's duration. ffmpeg/ffprobe must be installed: a missing tool fails the test.
 */
class VodFfmpegTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final FlvFrames FLV = FlvFrames.load("/fmp4/av.flv");
    /** The fixture is 2 s (60 frames at 30 fps, a keyframe every second): played three times, 6 s. */
    private static final int LOOPS = 3;
    private static final long CLIP = LoopedFixture.CLIP;
    private static final String RUNG = "240p";

    @TempDir
    Path dir;

    /** What the app's recorder does with the port: keeps every init segment and segment, by rendition. */
    private static final class Recorder implements SegmentArchive {
        final Map<String, Map<Long, byte[]>> inits = new LinkedHashMap<>();
        final Map<String, List<ArchivedSegment>> segments = new LinkedHashMap<>();
        boolean ended;

        @Override
        public void init(String channel, String rendition, long number, byte[] bytes) {
            inits.computeIfAbsent(rendition, r -> new LinkedHashMap<>()).put(number, bytes);
        }

        @Override
        public void segment(String channel, String rendition, ArchivedSegment segment) {
            segments.computeIfAbsent(rendition, r -> new ArrayList<>()).add(segment);
        }

        @Override
        public void ended(String channel, Instant at) {
            ended = true;
        }
    }

    /**
     * Packages the looped fixture live (source, the audio, and a transcoded rung fed the same pictures in the
     * seconds {@code rungHas} accepts) and returns what was recorded.
     */
    private static Recorder broadcast(LongPredicate rungHas) {
        FakeClock clock = new FakeClock(T0);
        Recorder recorder = new Recorder();
        HlsChannel channel = new HlsChannel("ch", new HlsSettings(Duration.ofSeconds(1), 6, Duration.ofSeconds(15)),
                clock, new Fmp4SegmentFormat(), recorder);
        channel.startPublicationForTest();
        channel.renditionStarted(RUNG);
        HlsSegmenter source = channel.segmenterForTest();
        for (MediaFrame frame : LoopedFixture.frames(LOOPS)) {
            Instant arrival = T0.plusNanos(frame.dts() * 100_000 / 9);
            source.frame(frame, arrival);
            if (frame instanceof VideoFrame v && rungHas.test(v.pts() / 90_000)) {
                channel.renditionFrame(RUNG, v);
            }
        }
        channel.endPublicationForTest();
        channel.endPlaylistForTest();
        channel.renditionEnded(RUNG, "publication ended");
        assertThat(recorder.ended).as("the broadcast is complete").isTrue();
        return recorder;
    }

    /** The recording as the app's index gives it back, files written in the {@code /vod/{id}} layout. */
    private List<VodRendition> store(Recorder recorder, Path vod) throws IOException {
        List<VodRendition> renditions = new ArrayList<>();
        for (var e : recorder.segments.entrySet()) {
            Path dir = Files.createDirectories(vod.resolve(e.getKey()));
            for (var init : recorder.inits.getOrDefault(e.getKey(), Map.of()).entrySet()) {
                Files.write(dir.resolve("init-" + init.getKey() + ".mp4"), init.getValue());
            }
            List<VodSegment> segments = new ArrayList<>();
            for (ArchivedSegment a : e.getValue()) {
                HlsSegment s = a.segment();
                Files.write(dir.resolve(s.sequence() + "." + a.extension()), s.data());
                segments.add(new VodSegment(s.sequence(), s.start(), s.durationTicks(), s.discontinuity(),
                        s.programDateTime(), s.init(), s.data().length));
            }
            renditions.add(new VodRendition(e.getKey(), track(e.getValue()), e.getValue().getFirst().extension(),
                    segments));
        }
        return renditions;
    }

    /** The track as a recorder describes it: configs of its segments, frame rate as the live window measures it. */
    private static VodTrack track(List<ArchivedSegment> segments) {
        ArchivedSegment first = segments.getFirst();
        if (first.video().isPresent()) {
            VideoConfig v = first.video().get();
            double seconds = segments.stream().mapToDouble(a -> a.segment().durationSeconds()).sum();
            long frames = segments.stream().mapToLong(ArchivedSegment::videoFrames).sum();
            return new VodTrack(false, v.codecsString(), v.width(), v.height(),
                    OptionalDouble.of(Math.round(frames / seconds * 1000) / 1000.0), 0, 0);
        }
        AudioConfig a = first.audio().orElseThrow();
        return new VodTrack(true, a.codecsString(), 0, 0, OptionalDouble.empty(), a.sampleRate(), a.channels());
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes master.m3u8, every index.m3u8 (VOD) and manifest.mpd; returns the source's duration in seconds. */
    private static double playlists(List<VodRendition> renditions, Path vod) {
        VodRendition reference = VodPresentation.reference(renditions).orElseThrow();
        write(vod.resolve("master.m3u8"), VodPresentation.masterPlaylist(renditions).orElseThrow());
        for (VodRendition r : renditions) {
            write(vod.resolve(r.name()).resolve("index.m3u8"),
                    VodPresentation.mediaPlaylist(r, reference, VodMode.VOD));
        }
        VodPresentation.dashManifest(renditions, T0.plusSeconds(60))
                .ifPresent(mpd -> write(vod.resolve("manifest.mpd"), mpd));
        return reference.segments().stream().mapToDouble(VodSegment::durationSeconds).sum();
    }

    /** Packets per stream index, as ffprobe reads them (every segment of every playlist it opens). */
    private static Map<Integer, Long> packets(Path file, String... select) {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(select));
        command.addAll(List.of("-show_entries", "packet=stream_index", "-of", "csv=p=0", file.toString()));
        Tools.Result probe = Tools.run(command.toArray(String[]::new));
        assertThat(probe.stderr()).as("ffprobe errors on %s", file.getFileName()).isEmpty();
        assertThat(probe.exit()).isZero();
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        probe.stdout().lines().forEach(l -> counts.merge(Integer.parseInt(l.strip()), 1L, Long::sum));
        return counts;
    }

    private static double probedDuration(Path file) {
        Tools.Result probe = Tools.run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", file.toString());
        assertThat(probe.stderr()).as("ffprobe errors on %s", file.getFileName()).isEmpty();
        assertThat(probe.exit()).isZero();
        return Double.parseDouble(probe.stdout().strip());
    }

    private static void copiesWithoutErrors(Path file) {
        Tools.Result copy = Tools.run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0", "-c",
                "copy", "-f", "null", "-");
        assertThat(copy.stdout() + copy.stderr()).as("ffmpeg on %s", file.getFileName()).isEmpty();
        assertThat(copy.exit()).isZero();
    }

    @Test
    void aReplayPlaysFromTheVodLayoutInFfmpegWithItsDuration() throws IOException {
        Path vod = Files.createDirectories(dir.resolve("vod").resolve("42"));
        List<VodRendition> renditions = store(broadcast(second -> true), vod);
        assertThat(renditions).extracting(VodRendition::name)
                .containsExactlyInAnyOrder(HlsChannel.SOURCE, HlsChannel.AUDIO, RUNG);
        double expected = playlists(renditions, vod);
        assertThat(expected).isCloseTo(6.0, within(0.1));
        long pictures = (long) LOOPS * FLV.videoFrames().size();

        Path master = vod.resolve("master.m3u8");
        assertThat(probedDuration(master)).isCloseTo(expected, within(1.0));
        copiesWithoutErrors(master);
        // every picture of both video variants read: streams 1 and 2 (0 and 3 are the audio group, twice)
        assertThat(packets(master)).containsEntry(1, pictures).containsEntry(2, pictures);
        for (VodRendition r : renditions) {
            Path index = vod.resolve(r.name()).resolve("index.m3u8");
            assertThat(probedDuration(index)).as(r.name()).isCloseTo(expected, within(1.0));
            copiesWithoutErrors(index);
        }

        // ffmpeg 5.1's DASH demuxer reads a static MPD with SegmentTimeline from local files
        Path mpd = vod.resolve("manifest.mpd");
        assertThat(probedDuration(mpd)).isCloseTo(expected, within(1.0));
        copiesWithoutErrors(mpd);
        // Read alone, a Representation gives every picture. (Read together, ffmpeg 5.1's DASH demuxer drops the last
        // two packets of each video stream; it does the same with the MPD ffmpeg itself writes for these segments.)
        assertThat(packets(mpd, "-select_streams", "v:0")).containsExactly(Map.entry(0, pictures));
    }

    @Test
    void aRungThatStartedLateAndMissedASecondIsListedWithGapsAndStillPlays() throws IOException {
        Path vod = Files.createDirectories(dir.resolve("vod").resolve("43"));
        List<VodRendition> renditions = store(broadcast(second -> second != 0 && second != 3), vod);
        double expected = playlists(renditions, vod);
        VodRendition rung = renditions.stream().filter(r -> r.name().equals(RUNG)).findFirst().orElseThrow();
        long first = VodPresentation.reference(renditions).orElseThrow().segments().getFirst().sequence();
        ParsedPlaylist parsed = ParsedPlaylist.parse(Files.readString(vod.resolve(RUNG).resolve("index.m3u8")));
        ParsedPlaylist source = ParsedPlaylist.parse(Files.readString(vod.resolve("source").resolve("index.m3u8")));
        assertThat(parsed.entries()).extracting(ParsedPlaylist.Entry::gap)
                .containsExactly(true, false, false, true, false, false);
        assertThat(parsed.entries()).extracting(ParsedPlaylist.Entry::uri)
                .isEqualTo(source.entries().stream().map(ParsedPlaylist.Entry::uri).toList());
        assertThat(parsed.entries().get(0).duration()).isEqualTo(source.entries().get(0).duration());
        assertThat(parsed.entries().get(3).duration()).isEqualTo(source.entries().get(3).duration());
        assertThat(rung.segments()).extracting(VodSegment::sequence)
                .containsExactly(first + 1, first + 2, first + 4, first + 5);
        // ffmpeg 5.1 does not know EXT-X-GAP: it tries the URI, skips it with a warning, and goes on
        Path master = vod.resolve("master.m3u8");
        assertThat(probedDuration(master)).isCloseTo(expected, within(1.0));
        copiesWithoutErrors(master);
        copiesWithoutErrors(vod.resolve("manifest.mpd"));
    }
}
