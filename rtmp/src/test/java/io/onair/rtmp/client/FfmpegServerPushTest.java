package io.onair.rtmp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.onair.rtmp.amf0.Amf0Decoder;
import io.onair.rtmp.amf0.Amf0EcmaArray;
import io.onair.rtmp.testing.ExternalProcess;
import io.onair.rtmp.testing.ExternalProcess.Result;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An implementation nobody here wrote on the other end: ffmpeg listening as an RTMP server ({@code -listen 1}),
 * copying what it receives into an FLV file, which ffprobe then reads back; for rtmps://, OpenSSL (socat) ending
 * the TLS in front of it, as a TLS-terminating ingest does.
 */
class FfmpegServerPushTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private Process ffmpegServer;
    private final List<Process> relays = new ArrayList<>();
    private int relayPort;

    @BeforeAll
    static void needsFfmpeg() {
        Assumptions.assumeTrue(onPath("ffmpeg") && onPath("ffprobe"), "ffmpeg and ffprobe are not on PATH");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (ffmpegServer != null && ffmpegServer.isAlive()) {
            ffmpegServer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (Process relay : relays) {
            relay.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @Timeout(120)
    void ffmpegAsTheServerRecordsEveryPacketPushed(@TempDir Path dir) throws Exception {
        pushAndProbe(dir, false);
    }

    /**
     * rtmps:// as YouTube and Facebook take it: TLS ended by OpenSSL (socat's {@code openssl-listen}, with a
     * certificate for 127.0.0.1 that the client is given to trust) in front of ffmpeg's plain RTMP listener.
     */
    @Test
    @Timeout(120)
    void rtmpsThroughOpenSslArrivesUnchanged(@TempDir Path dir) throws Exception {
        needsTlsTools();
        pushAndProbe(dir, true);
    }

    /** The key must never reach a server that cannot prove it is the host in the URL. */
    @Test
    @Timeout(60)
    void anUntrustedOrMisnamedCertificateIsRefused(@TempDir Path dir) throws Exception {
        needsTlsTools();
        certificate(dir.resolve("good"), "IP:127.0.0.1,DNS:localhost");
        Path elsewhere = certificate(dir.resolve("elsewhere"), "DNS:elsewhere.example");
        int nothing = freePort(); // nothing listens behind the relays: the handshake is all these get to

        tlsRelay(dir.resolve("good"), nothing, 0);
        PushTarget target = PushTarget.parse("rtmps://127.0.0.1:" + relayPort + "/live", "testkey");
        assertThatThrownBy(() -> connectWhenListening(target, null))
                .as("a self-signed certificate, with the JDK's trust store").cause()
                .isInstanceOf(RtmpPushException.class)
                .hasMessage("TLS with 127.0.0.1 failed: the server's certificate is not signed by an authority"
                        + " this machine trusts");

        tlsRelay(dir.resolve("elsewhere"), nothing, 1);
        PushTarget misnamed = PushTarget.parse("rtmps://127.0.0.1:" + relayPort + "/live", "testkey");
        assertThatThrownBy(() -> connectWhenListening(misnamed, trusting(elsewhere)))
                .as("a trusted certificate for another name").cause()
                .isInstanceOf(RtmpPushException.class)
                .hasMessage("TLS with 127.0.0.1 failed: the server's certificate is not for 127.0.0.1");
    }

    private void pushAndProbe(Path dir, boolean tls) throws Exception {
        Path in = dir.resolve("in.flv");
        Result made = ExternalProcess.run(60, "ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine", "-t", "4",
                "-c:v", "libx264", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-f", "flv", in.toString());
        assertThat(made.exitCode()).as(made.output()).isZero();
        List<FlvTags.Tag> tags = FlvTags.read(in);
        long videoPackets = tags.stream().filter(FlvTags::isAvcNalu).count();
        long audioPackets = tags.stream().filter(FlvTags::isAacRaw).count();
        assertThat(videoPackets).isBetween(95L, 105L);

        int port = freePort();
        Path out = dir.resolve("out.flv");
        Path log = dir.resolve("server.log");
        ffmpegServer = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "warning", "-listen", "1",
                "-timeout", "20", "-i", "rtmp://127.0.0.1:" + port + "/live/testkey", "-c", "copy",
                "-f", "flv", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new File("/dev/null"))
                .start();

        RtmpPushClient push;
        if (tls) {
            // ffmpeg takes one connection: wait for its listening socket instead of trying it.
            awaitListening(port);
            Path certs = dir.resolve("tls");
            Path cert = certificate(certs, "IP:127.0.0.1,DNS:localhost");
            tlsRelay(certs, port, 0);
            push = connectWhenListening(PushTarget.parse("rtmps://127.0.0.1:" + relayPort + "/live", "testkey"),
                    trusting(cert));
        } else {
            push = connectWhenListening(PushTarget.parse("rtmp://127.0.0.1:" + port + "/live", "testkey"), null);
        }
        int video = 0;
        for (FlvTags.Tag tag : tags) {
            if (!push.isWritable()) {
                assertThat(push.awaitWritable(Duration.ofSeconds(10))).as("writable again").isTrue();
            }
            switch (tag.type()) {
                case FlvTags.SCRIPT -> push.sendMetadata(metadata(tag.body()));
                case FlvTags.VIDEO -> {
                    push.sendVideo(tag.timestamp(), tag.body());
                    video += FlvTags.isAvcNalu(tag) ? 1 : 0;
                }
                case FlvTags.AUDIO -> push.sendAudio(tag.timestamp(), tag.body());
                default -> throw new AssertionError("tag type " + tag.type());
            }
        }
        push.close();
        push.closed().get(10, TimeUnit.SECONDS);

        assertThat(ffmpegServer.waitFor(30, TimeUnit.SECONDS)).as("ffmpeg exits").isTrue();
        String serverLog = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ffmpegServer.exitValue()).as(serverLog).isZero();
        // ffmpeg's listen mode warns about a C2 that does not echo S1, a stream name or app it did not expect.
        assertThat(serverLog).doesNotContain("Erroneous", "Unexpected stream", "App field");

        Result probe = ExternalProcess.run(30, "ffprobe", "-v", "error", "-count_packets",
                "-show_entries", "stream=codec_type,codec_name,nb_read_packets", "-of", "csv=p=0",
                out.toString());
        assertThat(probe.exitCode()).as(probe.output()).isZero();
        Map<String, String> streams = new HashMap<>();
        for (String line : probe.output().strip().split("\n")) {
            String[] fields = line.strip().split(",");
            streams.put(fields[1] + " " + fields[0], fields[2]);
        }
        assertThat(streams).as(probe.output()).containsOnlyKeys("video h264", "audio aac");
        assertThat(Long.parseLong(streams.get("video h264"))).isEqualTo(video).isEqualTo(videoPackets);
        assertThat(Long.parseLong(streams.get("audio aac"))).isEqualTo(audioPackets);
        assertThat(push.bytesSent()).isGreaterThan(Files.size(in) / 2);
    }

    /** ffmpeg needs a moment before it listens: connection refused until then. */
    private RtmpPushClient connectWhenListening(PushTarget target, SslContext trust) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return RtmpPushClient.connect(group, target, Duration.ofSeconds(5), trust)
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                boolean refused = e.getCause() instanceof RtmpPushException p
                        && p.getMessage().startsWith("cannot connect");
                boolean serverGone = ffmpegServer != null && !ffmpegServer.isAlive();
                if (!refused || System.nanoTime() > deadline || serverGone) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A key and a self-signed certificate for {@code subjectAltName}, in {@code dir}; the certificate's path. */
    private static Path certificate(Path dir, String subjectAltName) throws Exception {
        Files.createDirectories(dir);
        Result made = ExternalProcess.run(30, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=onair-test",
                "-addext", "subjectAltName=" + subjectAltName);
        assertThat(made.exitCode()).as(made.output()).isZero();
        return dir.resolve("cert.pem");
    }

    /** A client context trusting {@code cert} alone, checking the host name as {@link ClientTls} does. */
    private static SslContext trusting(Path cert) throws Exception {
        return SslContextBuilder.forClient().trustManager(cert.toFile()).endpointIdentificationAlgorithm("HTTPS")
                .build();
    }

    /** OpenSSL ending TLS with {@code dir}'s certificate on {@link #relayPort}, relaying to {@code to}. */
    private void tlsRelay(Path dir, int to, int index) throws Exception {
        relayPort = freePort();
        Process relay = new ProcessBuilder("socat", "openssl-listen:" + relayPort + ",bind=127.0.0.1,reuseaddr"
                + ",cert=" + dir.resolve("cert.pem") + ",key=" + dir.resolve("key.pem") + ",verify=0",
                "tcp:127.0.0.1:" + to)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat-" + index + ".log").toFile())
                .redirectInput(new File("/dev/null")).start();
        relays.add(relay);
    }

    /** Waits until a socket listens on {@code port} (Linux's /proc/net/tcp: state 0A), without connecting. */
    private static void awaitListening(int port) throws Exception {
        String needle = String.format(":%04X 00000000:0000 0A", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(Path.of("/proc/net/tcp")).contains(needle)) {
            assertThat(System.nanoTime()).as("port " + port + " listening").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static void needsTlsTools() {
        Assumptions.assumeTrue(onPath("socat") && onPath("openssl"), "socat and openssl are not on PATH");
    }

    /** {@code onMetaData} and its ECMA array from a script tag, as the values sendMetadata takes. */
    private static Map<String, Object> metadata(byte[] body) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        List<Object> values;
        try {
            values = Amf0Decoder.decodeAll(buf);
        } finally {
            buf.release();
        }
        assertThat(values.get(0)).isEqualTo("onMetaData");
        return ((Amf0EcmaArray) values.get(1)).entries();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
