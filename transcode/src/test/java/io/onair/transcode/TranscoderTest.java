package io.onair.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.VideoFrame;
import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import io.onair.stream.StreamSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transcoder against a real ffmpeg (CI installs it; missing, these fail): a synthetic 854x480 30 fps source with
 * B-frames goes through a real {@link Publication}, and the renditions are checked for size, keyframes at exactly
 * the source's keyframe PTS, monotonic timestamps and bitrate; then ffmpeg is killed mid-stream.
 */
class TranscoderTest {
    static final int FPS = 30;
    static final int SECONDS = 10;
    static final Ladder LADDER = new Ladder(List.of(Rung.of("360p", 360, 30, 500), Rung.of("240p", 240, 30, 250)));

    @TempDir
    static Path tmp;
    static List<VideoFrame> source;

    @BeforeAll
    static void makeSource() throws Exception {
        source = SourceFixture.read(SourceFixture.generate(tmp, "854x480", FPS, SECONDS, 1500));
        assertThat(source).hasSize(FPS * SECONDS);
    }

    @Test
    void renditionsKeepTheSourceTimestampsAndKeyframes() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (Harness h = new Harness(sink, tmp.resolve("work1"))) {
            Publication publication = h.registry.startPublishing("test", reason -> { });
            feed(publication, source, 2.0);
            publication.end(EndReason.CLEAN);
            for (String r : List.of("360p", "240p")) {
                sink.await(r, Duration.ofSeconds(20), "renditionSourceEnded",
                        calls -> calls.stream().anyMatch(c -> c instanceof RecordingSink.SourceEnded));
            }
            assertThat(h.transcoder.status("test").orElseThrow().state()).isEqualTo(TranscodeStatus.State.ENDED);
        }
        Set<Long> sourceKeys = source.stream().filter(VideoFrame::keyframe).map(VideoFrame::pts)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> sourcePts = source.stream().map(VideoFrame::pts).collect(Collectors.toSet());
        assertThat(sourceKeys).hasSizeGreaterThanOrEqualTo(SECONDS / 2);
        for (String name : List.of("360p", "240p")) {
            List<RecordingSink.Call> calls = sink.calls(name);
            assertThat(calls.getFirst()).isInstanceOf(RecordingSink.Started.class);
            assertThat(calls.getLast()).as("ended with the publication").isInstanceOf(RecordingSink.SourceEnded.class);
            List<VideoFrame> frames = sink.frames(name);
            VideoFrame first = frames.getFirst();
            assertThat(first.keyframe()).isTrue();
            // Every source frame comes out once (passthrough frame rate), at its own pts.
            assertThat(frames).hasSize(source.size());
            assertThat(frames.stream().map(VideoFrame::pts).collect(Collectors.toSet())).isEqualTo(sourcePts);
            int height = name.equals("360p") ? 360 : 240;
            int width = name.equals("360p") ? 640 : 428;
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.config().width()).isEqualTo(width);
                assertThat(f.config().height()).isEqualTo(height);
                assertThat(f.pts()).isGreaterThanOrEqualTo(f.dts());
            });
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).dts()).as("dts increases").isGreaterThan(frames.get(i - 1).dts());
            }
            Set<Long> keys = frames.stream().filter(VideoFrame::keyframe).map(VideoFrame::pts)
                    .collect(Collectors.toCollection(TreeSet::new));
            // Exactly the source's keyframes: none missing, none extra (no scene cuts, no GOP-length keyframes).
            assertThat(keys).isEqualTo(sourceKeys);
            // B-frames: some frames are presented after later-decoded ones.
            assertThat(frames.stream().anyMatch(f -> f.pts() > f.dts())).isTrue();
            long bytes = frames.stream().mapToLong(f -> f.data().length).sum();
            double seconds = (frames.getLast().dts() - first.dts()) / 90_000.0 + 1.0 / FPS;
            double kbps = bytes * 8 / seconds / 1000;
            int rung = name.equals("360p") ? 500 : 250;
            assertThat(kbps).as(name + " bitrate").isBetween(rung * 0.85, rung * 1.15);
        }
    }

    @Test
    void aSourceWithoutBFramesGivesRenditionsNoDecodeTimeBeforeZero() throws Exception {
        // The renditions have B-frames (the preset's); ffmpeg then starts their dts below the source's first pts,
        // which here is 0: fMP4 cannot carry that (the renditions lost their first segment).
        List<VideoFrame> flat = SourceFixture.read(SourceFixture.generate(tmp, "854x480", FPS, 4, 1500, 0));
        assertThat(flat.getFirst().pts()).isZero();
        RecordingSink sink = new RecordingSink();
        try (Harness h = new Harness(sink, tmp.resolve("work-flat"))) {
            Publication publication = h.registry.startPublishing("test", reason -> { });
            feed(publication, flat, 2.0);
            publication.end(EndReason.CLEAN);
            sink.await("360p", Duration.ofSeconds(20), "renditionSourceEnded",
                    calls -> calls.stream().anyMatch(c -> c instanceof RecordingSink.SourceEnded));
        }
        List<VideoFrame> frames = sink.frames("360p");
        assertThat(frames).hasSize(flat.size());
        assertThat(frames.getFirst().dts()).isZero();
        assertThat(frames).allSatisfy(f -> assertThat(f.dts()).isBetween(0L, f.pts()));
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).dts()).as("dts increases").isGreaterThan(frames.get(i - 1).dts());
        }
        assertThat(frames.stream().anyMatch(f -> f.pts() > f.dts())).as("B-frames in the rendition").isTrue();
    }

    @Test
    void killedFfmpegRestartsWithinTwoSecondsAndFramesFlowAgain() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (Harness h = new Harness(sink, tmp.resolve("work2"))) {
            Publication publication = h.registry.startPublishing("test", reason -> { });
            Thread feeder = Thread.ofVirtual().start(() -> {
                try {
                    feed(publication, source, 1.0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sink.await("240p", Duration.ofSeconds(10), "30 frames",
                    calls -> calls.stream().filter(c -> c instanceof RecordingSink.Frame).count() >= 30);
            long pid = h.transcoder.ffmpegPid("test").orElseThrow();
            long killedAt = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            long deadline = killedAt + Duration.ofSeconds(2).toNanos();
            long restartedPid = -1;
            while (System.nanoTime() < deadline) {
                restartedPid = h.transcoder.ffmpegPid("test").orElse(-1L);
                if (restartedPid != -1 && restartedPid != pid) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(restartedPid).as("a new ffmpeg within 2 s").isNotIn(-1L, pid);
            // A new run starts at the next source keyframe (2 s GOP): started again, then frames again.
            for (String r : List.of("360p", "240p")) {
                sink.await(r, Duration.ofSeconds(6), "renditionStarted again, then frames", calls -> {
                    // Frames the killed run encoded before it died may still arrive from the socket first.
                    List<RecordingSink.Call> after = calls.stream().filter(c -> c.nanos() > killedAt)
                            .dropWhile(c -> !(c instanceof RecordingSink.Started)).toList();
                    return after.stream().filter(c -> c instanceof RecordingSink.Frame).count() >= 10;
                });
            }
            TranscodeStatus status = h.transcoder.status("test").orElseThrow();
            assertThat(status.restarts()).isEqualTo(1);
            assertThat(status.active()).containsExactly("360p", "240p");
            feeder.join();
            publication.end(EndReason.CLEAN);
            sink.await("360p", Duration.ofSeconds(10), "renditionSourceEnded",
                    calls -> calls.getLast() instanceof RecordingSink.SourceEnded);
        }
        // After the restart, too, every rendition keyframe is a source keyframe.
        Set<Long> sourceKeys = source.stream().filter(VideoFrame::keyframe).map(VideoFrame::pts)
                .collect(Collectors.toSet());
        assertThat(sink.frames("360p").stream().filter(VideoFrame::keyframe).map(VideoFrame::pts))
                .allMatch(sourceKeys::contains);
    }

    /** Writes the frames into the publication at {@code speed} × real time. */
    static void feed(Publication publication, List<VideoFrame> frames, double speed) throws InterruptedException {
        long start = System.nanoTime();
        long firstDts = frames.getFirst().dts();
        for (VideoFrame f : frames) {
            long due = start + (long) ((f.dts() - firstDts) / 90_000.0 / speed * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            publication.write(f);
        }
    }

    static final class Harness implements AutoCloseable {
        final StreamRegistry registry = new StreamRegistry(InstantSource.system(), StreamSettings.defaults());
        final LiveTranscoder transcoder;

        Harness(RenditionSink sink, Path work) {
            FfmpegInfo ffmpeg = FfmpegProbe.probe(FfmpegLocator.onPath(System.getenv("PATH")).orElseThrow(
                    () -> new AssertionError("ffmpeg is not on PATH: install it (apt-get install ffmpeg)")));
            transcoder = new LiveTranscoder(registry, TranscodeSettings.defaults(work).withLadder(LADDER), ffmpeg,
                    sink, InstantSource.system());
            transcoder.start();
        }

        @Override
        public void close() {
            transcoder.close();
        }
    }
}
