package io.onair.rtmp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.onair.rtmp.RtmpLimits;
import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.chunk.ChunkDecoder;
import io.onair.rtmp.chunk.ChunkEncoder;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.MessageDecoder;
import io.onair.rtmp.message.MessageEncoder;
import io.onair.rtmp.message.RtmpMessage;
import io.onair.rtmp.message.VideoMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that stops reading once publishing has started: the client must turn unwritable, let the sender wait,
 * come back when the server reads again, and still send FCUnpublish/deleteStream after everything queued.
 */
@Timeout(60)
class PushBackPressureTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aServerThatStopsReadingMakesTheClientUnwritableUntilItReadsAgain() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        List<String> commands = new CopyOnWriteArrayList<>();
        AtomicInteger videoReceived = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(16 * 1024);
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    serve(s, resume, commands, videoReceived);
                } catch (Exception e) {
                    commands.add("server failed: " + e);
                }
            });
            PushTarget target = PushTarget.parse("rtmp://127.0.0.1:" + listener.getLocalPort() + "/live", "key");
            RtmpPushClient push = RtmpPushClient.connect(group, target, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS);
            assertThat(push.isWritable()).isTrue();

            byte[] body = new byte[100_000];
            body[0] = 0x27;
            body[1] = 1;
            int sent = 0;
            while (push.isWritable() && sent < 500) {
                push.sendVideo(sent * 40L, body);
                sent++;
            }
            assertThat(push.isWritable()).as("unwritable after %d × 100 kB", sent).isFalse();
            // The high water mark is 4 MiB: at least that much was queued before the flag turned.
            assertThat(sent * 100_000L).isGreaterThan(4L << 20);
            // The kernel's socket buffers (auto-tuned up to several MB on loopback) may still take part of the
            // queue and make the client writable again for a moment: keep offering while it is, until they are full
            // too. A server that reads nothing then keeps the client unwritable.
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until && sent < 500) {
                if (push.isWritable()) {
                    push.sendVideo(sent * 40L, body);
                    sent++;
                } else {
                    Thread.sleep(20);
                }
            }
            assertThat(push.awaitWritable(Duration.ofMillis(300))).as("after %d × 100 kB", sent).isFalse();

            resume.countDown();
            assertThat(push.awaitWritable(Duration.ofSeconds(10))).isTrue();
            push.close();
            push.closed().get(10, TimeUnit.SECONDS);
            server.join(10_000);
            assertThat(videoReceived).hasValue(sent);
            assertThat(commands).containsExactly("connect", "releaseStream", "FCPublish", "createStream", "publish",
                    "FCUnpublish", "deleteStream");
            assertThat(push.bytesSent()).isGreaterThan(sent * 100_000L);
        }
    }

    @Test
    void aSenderThatIgnoresWritabilityIsCutOffBeforeMemoryIs() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(16 * 1024);
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    serve(s, resume, new CopyOnWriteArrayList<>(), new AtomicInteger());
                } catch (Exception ignored) {
                    // the client hung up
                }
            });
            PushTarget target = PushTarget.parse("rtmp://127.0.0.1:" + listener.getLocalPort() + "/live", "key");
            RtmpPushClient push = RtmpPushClient.connect(group, target, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS);
            byte[] body = new byte[1_000_000];
            body[0] = 0x27;
            body[1] = 1;
            for (int i = 0; i < 100 && !push.closed().isDone(); i++) {
                push.sendVideo(i * 40L, body);
                Thread.sleep(1);
            }
            assertThatThrownBy(() -> push.closed().get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(RtmpPushException.class)
                    .hasMessage("the server is not taking the stream: 64 MiB are waiting to be sent");
            resume.countDown();
            server.join(10_000);
        }
    }

    /** The server side: handshake, answers up to Publish.Start, then reads only once {@code resume} opens. */
    private static void serve(Socket s, CountDownLatch resume, List<String> commands, AtomicInteger video)
            throws IOException, InterruptedException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] c0c1 = in.readNBytes(1537);
        out.write(3);
        out.write(new byte[1536]);
        out.write(c0c1, 1, 1536);
        out.flush();
        in.readNBytes(1536);
        EmbeddedChannel decoder = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.defaults(), 0),
                new MessageDecoder());
        EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder(), new MessageEncoder());
        try {
            byte[] buf = new byte[64 * 1024];
            boolean publishing = false;
            for (int n; (n = in.read(buf)) > 0; ) {
                decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
                for (Object m; (m = decoder.readInbound()) != null; ) {
                    if (m instanceof VideoMessage) {
                        video.incrementAndGet();
                    } else if (m instanceof CommandMessage c) {
                        commands.add(c.name());
                        RtmpMessage answer = switch (c.name()) {
                            case "connect" -> new CommandMessage(0, "_result", c.transactionId(), Map.of(),
                                    List.of(Map.of("level", "status", "code", "NetConnection.Connect.Success")));
                            case "createStream" -> new CommandMessage(0, "_result", c.transactionId(),
                                    Amf0Empty.NULL, List.of(1.0));
                            case "publish" -> new CommandMessage(1, "onStatus", 0, Amf0Empty.NULL,
                                    List.of(Map.of("level", "status", "code", "NetStream.Publish.Start")));
                            default -> null;
                        };
                        if (answer != null) {
                            encoder.writeOutbound(answer);
                            for (ByteBuf b; (b = encoder.readOutbound()) != null; ) {
                                b.readBytes(out, b.readableBytes());
                                b.release();
                            }
                            out.flush();
                        }
                        publishing |= c.name().equals("publish");
                    }
                }
                if (publishing && resume.getCount() > 0) {
                    resume.await();
                }
            }
        } finally {
            decoder.finishAndReleaseAll();
            encoder.finishAndReleaseAll();
        }
    }
}
