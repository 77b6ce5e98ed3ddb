package io.onair.bench.jmh;

import io.onair.media.MediaFrame;
import io.onair.media.TrackConfig;
import io.onair.media.fmp4.Fmp4FragmentWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * fMP4/CMAF packaging of one GOP ({@link Gop}), what the HLS packager does per segment with the default
 * {@code onair.hls.format=fmp4}, where video and audio are separate renditions: one {@code moof}+{@code mdat} of the
 * 60 video frames, and one of the GOP's AAC frames. One op = one 2-second segment.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Fmp4FragmentBenchmark {
    private Gop gop;
    private List<MediaFrame> video;
    private List<MediaFrame> audio;

    @Setup
    public void setUp() throws IOException {
        gop = Gop.second();
        video = gop.videoFrames();
        audio = gop.audioFrames();
    }

    @Benchmark
    public int videoGop() {
        // A new writer per op: a writer's timeline only moves forward, and the packager opens one per stream.
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.<TrackConfig>of(gop.video()));
        return writer.writeFragment(video, Map.of(1, gop.nextVideoDts())).length;
    }

    @Benchmark
    public int audioGop() {
        Fmp4FragmentWriter writer = new Fmp4FragmentWriter(List.<TrackConfig>of(gop.audio()));
        return writer.writeFragment(audio, Map.of(1, gop.nextAudioDts())).length;
    }
}
