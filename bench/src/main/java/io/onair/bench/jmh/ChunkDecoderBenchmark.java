package io.onair.bench.jmh;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.chunk.ChunkDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RTMP chunk decoding of a real OBS 29 session (shared fixture {@code obs-29-publish/client-to-server.bin}: about
 * 12 s of 720p30 at 2.5 Mbit/s plus AAC, chunk size 4096), everything after the handshake, fed to the decoder in
 * 64 KiB reads as a socket would deliver it. One op = the whole session decoded into messages (and released).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkDecoderBenchmark {
    private static final int READ_SIZE = 64 * 1024;
    private byte[][] reads;

    @Setup
    public void setUp() throws IOException {
        byte[] all = Files.readAllBytes(BenchInputs.obsPublish());
        byte[] stream = Arrays.copyOfRange(all, BenchInputs.HANDSHAKE_BYTES, all.length);
        reads = new byte[(stream.length + READ_SIZE - 1) / READ_SIZE][];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = Arrays.copyOfRange(stream, i * READ_SIZE, Math.min(stream.length, (i + 1) * READ_SIZE));
        }
    }

    @Benchmark
    public int decodeObsSession() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.defaults(), 0));
        int messages = 0;
        for (byte[] read : reads) {
            ch.writeInbound(Unpooled.wrappedBuffer(read));
            Object m;
            while ((m = ch.readInbound()) != null) {
                messages++;
                ReferenceCountUtil.release(m);
            }
        }
        ch.finishAndReleaseAll();
        return messages;
    }
}
