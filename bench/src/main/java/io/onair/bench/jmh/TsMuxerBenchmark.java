package io.onair.bench.jmh;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.flv.FlvTag;
import io.onair.media.MediaFrame;
import io.onair.media.VideoFrame;
import io.onair.media.flv.FlvDemuxer;
import io.onair.media.ts.TsMuxer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * MPEG-TS muxing of one GOP: 2 s of the bench input (720p30 H.264 at 2.5 Mbit/s, 60 video frames, AAC), the work
 * the HLS packager does per segment: PAT/PMT, then every frame into PES and 188-byte packets. One op = one
 * 2-second segment, so ops/s × 2 is how many real-time streams one core could mux.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TsMuxerBenchmark {
    private FlvDemuxer demuxer;
    private List<MediaFrame> gop;
    private int bytesIn;

    @Setup
    public void setUp() throws IOException {
        demuxer = new FlvDemuxer();
        List<MediaFrame> frames = new ArrayList<>();
        int keyframes = 0;
        for (FlvTag tag : FlvFile.read(BenchInputs.flv()).tags()) {
            Optional<MediaFrame> f = switch (tag.type()) {
                case FlvTag.VIDEO -> demuxer.video(tag.timestampMs(), tag.body());
                case FlvTag.AUDIO -> demuxer.audio(tag.timestampMs(), tag.body());
                default -> Optional.empty();
            };
            if (f.isEmpty()) {
                continue;
            }
            if (f.get() instanceof VideoFrame v && v.keyframe() && ++keyframes == 3) {
                break;
            }
            if (keyframes == 2) { // the second GOP: past the encoder's start-up
                frames.add(f.get());
            }
        }
        gop = List.copyOf(frames);
        bytesIn = gop.stream().mapToInt(f -> f instanceof VideoFrame v ? v.data().length
                : ((io.onair.media.AudioFrame) f).data().length).sum();
    }

    @Benchmark
    public int muxGop() {
        TsMuxer muxer = new TsMuxer(demuxer.videoConfig(), demuxer.audioConfig());
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytesIn + bytesIn / 8);
        muxer.writeTables(out);
        for (MediaFrame f : gop) {
            muxer.writeFrame(f, out);
        }
        return out.size();
    }
}
