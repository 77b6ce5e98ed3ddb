package io.onair.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.onair.media.MediaFormatException;
import io.onair.media.testing.Fixtures;
import io.onair.rtmp.testing.Pipelines;
import io.onair.rtmp.testing.RecordingIngestHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded, time-boxed fuzzing of the whole pipeline: random bytes and mutations of the OBS capture must never throw
 * anything but the protocol's own exceptions, never hang, never leak a buffer and never hold more memory than the
 * limits allow. A failure names its seed; rerun with it to reproduce.
 */
class PipelineFuzzTest {
    /** Small limits so that "past the limits" is observable. */
    private static final RtmpLimits LIMITS = RtmpLimits.defaults().withMaxMessageSize(256 * 1024);
    /** Partial messages (2 × max message size), the cumulation of one write, the handshake answer, slack. */
    private static final long MAX_HELD = 2L * LIMITS.maxMessageSize() + 2 * 16_384 + 3073 + 64 * 1024;
    private static final byte[] OBS = Arrays.copyOf(Fixtures.bytes(Fixtures.obsPublish("client-to-server.bin")),
            400_000);
    private static final int HANDSHAKE = 1 + 2 * 1536;

    @Test
    @Timeout(30)
    void randomBytesAfterAValidHandshake() {
        runFor(Duration.ofSeconds(3), seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] input = new byte[HANDSHAKE + random.nextInt(20_000)];
            random.nextBytes(input);
            System.arraycopy(OBS, 0, input, 0, HANDSHAKE);
            return input;
        });
    }

    @Test
    @Timeout(30)
    void mutationsOfTheObsCapture() {
        runFor(Duration.ofSeconds(4), seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] input = Arrays.copyOf(OBS, HANDSHAKE + random.nextInt(OBS.length - HANDSHAKE));
            int mutations = 1 + random.nextInt(8);
            for (int i = 0; i < mutations; i++) {
                // mostly early, where the headers and commands are, sometimes anywhere
                int bound = random.nextInt(4) == 0 ? input.length - HANDSHAKE : Math.min(4000, input.length - HANDSHAKE);
                int at = HANDSHAKE + random.nextInt(bound);
                switch (random.nextInt(3)) {
                    case 0 -> input[at] = (byte) random.nextInt(256);
                    case 1 -> input[at] ^= (byte) (1 << random.nextInt(8));
                    default -> input[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
                }
            }
            return input;
        });
    }

    @Test
    @Timeout(30)
    void randomBytesFromTheStart() {
        runFor(Duration.ofSeconds(1), seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] input = new byte[random.nextInt(8_000)];
            random.nextBytes(input);
            if (input.length > 0 && random.nextBoolean()) {
                input[0] = 3;
            }
            return input;
        });
    }

    private interface Generator {
        byte[] input(long seed);
    }

    private static void runFor(Duration budget, Generator generator) {
        long deadline = System.nanoTime() + budget.toNanos();
        int runs = 0;
        for (long seed = 1; System.nanoTime() < deadline || runs < 20; seed++, runs++) {
            runOne(seed, generator.input(seed));
        }
        assertThat(runs).isGreaterThanOrEqualTo(20);
    }

    private static void runOne(long seed, byte[] input) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        RecordingIngestHandler handler = new RecordingIngestHandler("obsfixture");
        EmbeddedChannel ch = Pipelines.server(handler, LIMITS);
        ch.config().setAllocator(alloc);
        SplittableRandom split = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int at = 0;
        try {
            while (at < input.length && ch.isOpen()) {
                int n = Math.min(input.length - at, 1 + split.nextInt(16_384));
                ch.writeInbound(Unpooled.copiedBuffer(input, at, n));
                at += n;
                drainOutbound(ch);
                assertThat(alloc.metric().usedHeapMemory()).as("seed %d: bytes held", seed)
                        .isLessThanOrEqualTo(MAX_HELD);
            }
        } catch (Throwable t) {
            Throwable cause = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
            if (!(cause instanceof RtmpProtocolException || cause instanceof MediaFormatException)) {
                throw new AssertionError("seed " + seed + ": unexpected " + cause, cause);
            }
        }
        ch.finishAndReleaseAll();
        drainOutbound(ch);
        assertThat(alloc.metric().usedHeapMemory()).as("seed %d: leaked bytes", seed).isZero();
        long accepted = handler.requests.stream().filter(r -> r.streamKey().equals("obsfixture")).count();
        assertThat(handler.ends).as("seed %d: onEnd once per accepted publish", seed).hasSize((int) accepted);
    }

    private static void drainOutbound(EmbeddedChannel ch) {
        for (Object m; (m = ch.readOutbound()) != null; ) {
            if (m instanceof ByteBuf b) {
                b.release();
            }
        }
    }
}
