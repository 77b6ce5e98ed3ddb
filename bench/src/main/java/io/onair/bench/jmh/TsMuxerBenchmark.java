package io.onair.bench.jmh;

import io.onair.media.MediaFrame;
import io.onair.media.ts.TsMuxer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MPEG-TS muxing of one GOP ({@link Gop}: 2 s of video and audio), what the HLS packager does per segment with
 * {@code onair.hls.format=ts}: PAT/PMT, then every frame into PES and 188-byte packets. One op = one 2-second
 * segment, so ops/s × 2 is how many real-time streams one core could mux.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TsMuxerBenchmark {
    private Gop gop;

    @Setup
    public void setUp() throws IOException {
        gop = Gop.second();
    }

    @Benchmark
    public int muxGop() {
        TsMuxer muxer = new TsMuxer(Optional.of(gop.video()), Optional.of(gop.audio()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(gop.bytes() + gop.bytes() / 8);
        muxer.writeTables(out);
        for (MediaFrame f : gop.frames()) {
            muxer.writeFrame(f, out);
        }
        return out.size();
    }
}
