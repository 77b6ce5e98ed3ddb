package io.onair.rtmp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that do not answer, are not there, or are not RTMP: each ends the connect with a reason in time. */
@Timeout(30)
class PushFailureTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersTimesOut() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();
                        accepted.add(s);
                        // Read what the client sends (C0+C1) and never answer.
                        Thread.ofVirtual().start(() -> drain(s));
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            PushTarget target = PushTarget.parse("rtmp://127.0.0.1:" + silent.getLocalPort() + "/live", "key");
            long start = System.nanoTime();
            CompletableFuture<RtmpPushClient> future = RtmpPushClient.connect(group, target, Duration.ofSeconds(1));
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RtmpPushException.class)
                    .hasMessage("no answer within 1 s (waiting for the RTMP handshake)");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsedMs).isBetween(900L, 3000L);
            assertThat(accepted).hasSize(1);
            // The client closed its side: the server reads end of stream.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!accepted.get(0).isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(accepted.get(0).isClosed()).as("the client's close reached the server").isTrue();
            acceptor.interrupt();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void rtmpsToASilentServerTimesOutInTheTlsHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    drain(s);
                } catch (Exception ignored) {
                    // the client hung up
                }
            });
            PushTarget target = PushTarget.parse("rtmps://127.0.0.1:" + silent.getLocalPort() + "/live", "key");
            assertThatThrownBy(() -> RtmpPushClient.connect(group, target, Duration.ofMillis(1500))
                    .get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(RtmpPushException.class)
                    .hasMessage("no answer within 1.5 s (waiting for the TLS handshake)");
        }
    }

    @Test
    void rtmpsToAPlainRtmpPortFailsInTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = plain.accept()) {
                    // What an RTMP server answers to a C0 it does not know: S0 S1 S2 of plain RTMP.
                    s.getInputStream().readNBytes(1);
                    s.getOutputStream().write(new byte[1 + 2 * 1536]);
                    s.getOutputStream().flush();
                    drain(s);
                } catch (Exception ignored) {
                    // the client hung up
                }
            });
            PushTarget target = PushTarget.parse("rtmps://127.0.0.1:" + plain.getLocalPort() + "/live", "key");
            assertThatThrownBy(() -> RtmpPushClient.connect(group, target, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(RtmpPushException.class)
                    .hasMessage("TLS with 127.0.0.1 failed: the server did not answer in TLS (for an rtmp:// port,"
                            + " use rtmp://)");
        }
    }

    @Test
    void aClosedPortFailsAtOnceNamingIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PushTarget target = PushTarget.parse("rtmp://127.0.0.1:" + port + "/live", "key");
        assertThatThrownBy(() -> RtmpPushClient.connect(group, target, Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(RtmpPushException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port
                        + ": connection refused (is the server running and the port right?)");
    }

    @Test
    void anHttpServerIsNotMistakenForRtmp() throws Exception {
        try (ServerSocket http = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = http.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                    s.getOutputStream().flush();
                    drain(s);
                } catch (Exception ignored) {
                    // the client hung up
                }
            });
            PushTarget target = PushTarget.parse("rtmp://127.0.0.1:" + http.getLocalPort() + "/live", "key");
            assertThatThrownBy(() -> RtmpPushClient.connect(group, target, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(RtmpPushException.class)
                    .hasMessage("protocol error from the server: the server answered in HTTP, not RTMP: check the"
                            + " URL's port and scheme");
        }
    }

    @Test
    void anUnknownHostFailsNamingIt() {
        PushTarget target = PushTarget.parse("rtmp://no-such-host.invalid/live", "key");
        assertThatThrownBy(() -> RtmpPushClient.connect(group, target, Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(RtmpPushException.class)
                .message().satisfiesAnyOf(
                        m -> assertThat(m).isEqualTo("cannot find the server no-such-host.invalid (the name does not"
                                + " resolve)"),
                        // a resolver that never answers for .invalid (RFC 6761 says it must say "no such name")
                        m -> assertThat(m).startsWith("no answer within 5 s (waiting for the name lookup"));
    }

    private static void drain(Socket s) {
        try (InputStream in = s.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            s.close();
        } catch (Exception ignored) {
            // closed
        }
    }
}
