package io.onair.rtmp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.rtmp.RtmpConfig;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.RtmpServer;
import io.onair.rtmp.testing.RecordingIngestHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The push client against the module's own {@link RtmpServer}, over a real socket. */
@Timeout(60)
class RtmpPushClientTest {
    /** The OBS 29 capture's sequence headers: x264 1280x720 High 4.0; AAC-LC 48 kHz stereo. */
    private static final byte[] AVC_SEQUENCE_HEADER = HexFormat.of().parseHex("1700000000"
            + "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e478c18cb01000468efbcb0");
    private static final byte[] AAC_SEQUENCE_HEADER = HexFormat.of().parseHex("af00119056e500");
    /** Starts just under 2^24 ms so the stream crosses into extended timestamps (RTMP spec 5.3.1.3). */
    private static final long START = 0xFFFFFF - 100;

    private final RecordingIngestHandler handler = new RecordingIngestHandler("key");
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private RtmpServer server;

    @BeforeEach
    void start() {
        server = new RtmpServer(new RtmpConfig("127.0.0.1", 0, RtmpLimits.defaults()), handler);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private PushTarget target(String key) {
        return PushTarget.parse("rtmp://127.0.0.1:" + server.port() + "/live", key);
    }

    private record Sent(boolean video, long timestamp, byte[] body) {
    }

    @Test
    void publishesMetadataAndMediaThatTheServerReceivesUnchanged() throws Exception {
        RtmpPushClient push = RtmpPushClient.connect(group, target("key"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        assertThat(handler.requests).singleElement().satisfies(r -> {
            assertThat(r.app()).isEqualTo("live");
            assertThat(r.streamKey()).isEqualTo("key");
        });

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("width", 1280.0);
        metadata.put("height", 720.0);
        metadata.put("videocodecid", 7.0);
        metadata.put("encoder", "Onair push test");
        metadata.put("stereo", true);
        push.sendMetadata(metadata);
        push.sendVideo(START, AVC_SEQUENCE_HEADER);
        push.sendAudio(START, AAC_SEQUENCE_HEADER);

        SplittableRandom random = new SplittableRandom(7);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long ts = START + i * 40L;
            boolean key = i % 20 == 0;
            // A 150 kB keyframe spans 37 chunks of 4096 bytes; P-frames display 80 ms after they decode.
            byte[] video = videoBody(key, key ? 0 : 80, key ? 150_000 : 1_000 + random.nextInt(9_000), random);
            sent.add(new Sent(true, ts, video));
            push.sendVideo(ts, video);
            for (int a = 0; a < 2; a++) {
                byte[] audio = new byte[2 + 200 + random.nextInt(200)];
                audio[0] = (byte) 0xAF;
                audio[1] = 1;
                for (int b = 2; b < audio.length; b++) {
                    audio[b] = (byte) random.nextInt(256);
                }
                sent.add(new Sent(false, ts + a * 20L, audio));
                push.sendAudio(ts + a * 20L, audio);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handler.frames.size() < sent.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(handler.frames).hasSize(sent.size());
        assertThat(handler.metadata).containsExactly(metadata);
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            if (s.video()) {
                VideoFrame f = (VideoFrame) handler.frames.get(i);
                int cts = (s.body()[2] & 0xFF) << 16 | (s.body()[3] & 0xFF) << 8 | s.body()[4] & 0xFF;
                assertThat(f.dts()).as("frame %d", i).isEqualTo(s.timestamp() * 90);
                assertThat(f.pts()).as("frame %d", i).isEqualTo((s.timestamp() + cts) * 90);
                assertThat(f.keyframe()).isEqualTo((s.body()[0] & 0xF0) == 0x10);
                assertThat(f.data()).isEqualTo(Arrays.copyOfRange(s.body(), 5, s.body().length));
                assertThat(f.config().width()).isEqualTo(1280);
            } else {
                AudioFrame f = (AudioFrame) handler.frames.get(i);
                assertThat(f.dts()).as("frame %d", i).isEqualTo(s.timestamp() * 90);
                assertThat(f.data()).isEqualTo(Arrays.copyOfRange(s.body(), 2, s.body().length));
                assertThat(f.config().sampleRate()).isEqualTo(48_000);
            }
        }
        long payload = sent.stream().mapToLong(s -> s.body().length).sum();
        assertThat(push.bytesSent()).isGreaterThan(payload);
        assertThat(handler.ends).isEmpty();

        push.close();
        push.close();
        push.closed().get(5, TimeUnit.SECONDS);
        assertThat(handler.awaitEnd(5)).isTrue();
        // true: the session ended by FCUnpublish/deleteStream, not by the connection dropping.
        assertThat(handler.ends).containsExactly(true);
        // After close, sending is a no-op rather than an error.
        push.sendVideo(START, AVC_SEQUENCE_HEADER);
        assertThat(push.isWritable()).isFalse();
        assertThat(push.awaitWritable(Duration.ofMillis(10))).isFalse();
    }

    @Test
    void aRefusedKeyFailsWithTheServersCodeAndDescription() {
        var future = RtmpPushClient.connect(group, target("wrong"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RtmpPushException.class)
                .hasMessage("refused: NetStream.Publish.BadName (unknown stream key wrong)");
        assertThat(handler.requests).singleElement()
                .satisfies(r -> assertThat(r.streamKey()).isEqualTo("wrong"));
        assertThat(handler.frames).isEmpty();
    }

    @Test
    void theServerEndingTheSessionFailsClosedWithItsReason() throws Exception {
        RtmpPushClient push = RtmpPushClient.connect(group, target("key"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        handler.sessions.get(0).close("the stream key was rotated");
        assertThatThrownBy(() -> push.closed().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RtmpPushException.class)
                .hasMessage("the server ended the stream: NetConnection.Connect.Closed (the stream key was rotated)");
        assertThat(handler.ends).containsExactly(false);
        push.close();
    }

    @Test
    void aStoppedServerFailsClosed() throws Exception {
        RtmpPushClient push = RtmpPushClient.connect(group, target("key"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        server.close();
        assertThatThrownBy(() -> push.closed().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RtmpPushException.class)
                .hasMessage("the server closed the connection");
        assertThat(push.awaitWritable(Duration.ofSeconds(1))).isFalse();
    }

    /** An FLV AVC NALU tag body: one slice NAL unit (IDR or not) of {@code size} bytes with a 4-byte length. */
    private static byte[] videoBody(boolean key, int cts, int size, SplittableRandom random) {
        byte[] body = new byte[5 + 4 + size];
        body[0] = (byte) (key ? 0x17 : 0x27);
        body[1] = 1;
        body[2] = (byte) (cts >>> 16);
        body[3] = (byte) (cts >>> 8);
        body[4] = (byte) cts;
        body[5] = (byte) (size >>> 24);
        body[6] = (byte) (size >>> 16);
        body[7] = (byte) (size >>> 8);
        body[8] = (byte) size;
        body[9] = (byte) (key ? 0x65 : 0x41);
        for (int i = 10; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        return body;
    }
}
