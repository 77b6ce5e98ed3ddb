package io.onair.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import io.onair.media.testing.Fixtures;
import io.onair.rtmp.testing.Pipelines;
import io.onair.rtmp.testing.RecordingIngestHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RtmpServerTest {
    private static final byte[] OBS = Fixtures.bytes(Fixtures.obsPublish("client-to-server.bin"));

    @Test
    @Timeout(30)
    void obsReplayOverASocketAndAGracefulCloseEndsTheSession() throws Exception {
        RecordingIngestHandler handler = new RecordingIngestHandler("obsfixture");
        RtmpServer server = new RtmpServer(RtmpConfig.defaults().withHost("127.0.0.1").withPort(0), handler);
        server.start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = socket.getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (Exception ignored) {
                    // the server closes the connection
                }
            });
            OutputStream out = socket.getOutputStream();
            out.write(OBS);
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (handler.frames.size() < 911 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(handler.frames).hasSize(911);
            assertThat(handler.ends).isEmpty();
            server.close();
            assertThat(handler.awaitEnd(5)).isTrue();
            assertThat(handler.ends).containsExactly(false);
            reader.join(5000);
        } finally {
            server.close();
        }
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class)
                .hasMessage("RTMP server is not started");
    }

    @Test
    @Timeout(30)
    void connectionsOverTheLimitAreClosedAtOnce() throws Exception {
        RecordingIngestHandler handler = new RecordingIngestHandler("k");
        RtmpServer server = new RtmpServer(new RtmpConfig("127.0.0.1", 0,
                RtmpLimits.defaults().withMaxConnections(1)), handler);
        server.start();
        try (Socket first = new Socket("127.0.0.1", server.port())) {
            // The first connection is admitted for sure once the server answers its handshake: only then does a
            // second one have a defined fate (two connects at once may be initialised on two event loops in either
            // order).
            first.getOutputStream().write(OBS, 0, 1537);
            first.setSoTimeout(5000);
            assertThat(first.getInputStream().readNBytes(3073)).hasSize(3073);
            try (Socket second = new Socket("127.0.0.1", server.port())) {
                second.setSoTimeout(5000);
                assertThat(second.getInputStream().read()).isEqualTo(-1);
            }
            first.close();
            // A closed connection frees its place.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            byte[] answer = new byte[0];
            while (answer.length < 3073 && System.nanoTime() < deadline) {
                try (Socket third = new Socket("127.0.0.1", server.port())) {
                    third.setSoTimeout(5000);
                    third.getOutputStream().write(OBS, 0, 1537);
                    answer = third.getInputStream().readNBytes(3073);
                } catch (java.io.IOException refusedBeforeTheCloseWasSeen) {
                    answer = new byte[0];
                }
            }
            assertThat(answer).hasSize(3073);
        } finally {
            server.close();
        }
    }

    @Test
    void aSilentPublisherIsDroppedSoTheEncoderCanReconnect() {
        RecordingIngestHandler handler = new RecordingIngestHandler("obsfixture");
        EmbeddedChannel ch = Pipelines.server(handler, RtmpLimits.defaults()
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5)));
        Pipelines.feed(ch, OBS, 0, 200_000, new SplittableRandom(5));
        assertThat(handler.frames).isNotEmpty();
        ch.advanceTimeBy(6, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(handler.ends).containsExactly(false);
        ch.releaseOutbound();
        assertFalse(ch.finish());
    }

    @Test
    void configIsValidatedWithPreciseMessages() {
        assertThatThrownBy(() -> new RtmpConfig("0.0.0.0", 70_000, RtmpLimits.defaults()))
                .hasMessage("port 70000 is outside 0..65535");
        assertThatThrownBy(() -> RtmpLimits.defaults().withMaxMessageSize(20_000_000))
                .hasMessage("maxMessageSize 20000000 must be within 1024..16777215 (RTMP's message length is 24 bits)");
        assertThatThrownBy(() -> RtmpLimits.defaults().withMaxConnections(0))
                .hasMessage("maxConnections 0 must be at least 1");
        assertThatThrownBy(() -> RtmpLimits.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessage("handshakeTimeout PT0S must be positive");
        assertThat(RtmpConfig.defaults().port()).isEqualTo(1935);
    }
}
