package io.onair.origin;

import static io.onair.stream.Frames.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.onair.hls.Fmp4SegmentFormat;
import io.onair.hls.HlsChannel;
import io.onair.hls.HlsOrigin;
import io.onair.hls.HlsSettings;
import io.onair.media.AudioFrame;
import io.onair.media.VideoFrame;
import io.onair.stream.Await;
import io.onair.stream.FakeClock;
import io.onair.stream.Frames;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import io.onair.stream.StreamSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The media port over real sockets: a real origin packaging fMP4 with LL-HLS parts from frames written to a real
 * publication (the packager on its own thread, the clock fake), and HTTP clients that are not ours
 * ({@code java.net.http}) or raw sockets where the bytes on the wire are the point.
 */
class OriginServerTest {
    private final FakeClock clock = new FakeClock();
    private final StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());
    private final HlsOrigin origin = new HlsOrigin(registry,
            HlsSettings.defaults().withPartTarget(Duration.ofMillis(500)), clock, new Fmp4SegmentFormat(), false);
    private final List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OriginServer server;
    private Publication pub;
    private long fedMs;
    private int pictureBytes = 4000;

    @BeforeEach
    void start() {
        server = start(OriginConfig.defaults(0).withHost("127.0.0.1"));
    }

    private OriginServer start(OriginConfig config) {
        OriginServer s = new OriginServer(config, new MediaResponder(origin), clock, statuses::add);
        s.start();
        return s;
    }

    @AfterEach
    void stop() {
        server.close();
        origin.close();
        http.close();
    }

    /** 30 fps video with a keyframe each second and AAC, the clock following the media time. */
    private void feed(long millis) {
        if (pub == null) {
            pub = registry.startPublishing("alice", r -> { });
        }
        for (long f = fedMs * 30 / 1000; f * 1000 / 30 < fedMs + millis; f++) {
            long dts = ms(f * 1000 / 30);
            pub.write(new VideoFrame(Frames.VIDEO, dts, dts, f % 30 == 0, picture(f % 30 == 0, pictureBytes)));
            pub.write(new AudioFrame(Frames.AUDIO, dts, new byte[300]));
            clock.advance(Duration.ofNanos(1_000_000_000L / 30));
        }
        fedMs += millis;
    }

    /** One NAL unit, AVC length-prefixed (ISO/IEC 14496-15 §5.3.2): an IDR slice or a non-IDR one. */
    private static byte[] picture(boolean key, int bytes) {
        byte[] data = new byte[bytes];
        java.nio.ByteBuffer.wrap(data).putInt(bytes - 4).put((byte) (key ? 0x65 : 0x41));
        return data;
    }

    private HlsChannel channel() {
        return origin.channel("alice").orElseThrow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, "never got there");
    }

    /** Two segments listed, and the next hinted. */
    private void live() throws InterruptedException {
        feed(4200);
        try {
            await(() -> channel().mediaPlaylist(HlsChannel.SOURCE).map(p -> p.contains("EXT-X-PRELOAD-HINT")
                    && p.split("#EXTINF").length > 2).orElse(false));
        } catch (AssertionError e) {
            throw new AssertionError("no live playlist: " + origin.channel("alice").flatMap(c -> c.mediaPlaylist(
                    HlsChannel.SOURCE)), e);
        }
    }

    private static String hint(String playlist) {
        Matcher m = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(\\d+)\\.(\\d+)\\.m4s\"").matcher(playlist);
        assertThat(m.find()).as("preload hint in %s", playlist).isTrue();
        return m.group(1) + "." + m.group(2);
    }

    @Test
    void servesPlaylistsPartsSegmentsAndInitWithTheSameBytesAndHeadersAsTheOrigin() throws Exception {
        live();
        HttpResponse<byte[]> master = get("/live/alice/master.m3u8");
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.headers().firstValue("content-type")).contains("application/vnd.apple.mpegurl");
        assertThat(master.headers().firstValue("access-control-allow-origin")).contains("*");
        assertThat(master.headers().firstValue("cache-control")).contains("public, max-age=1");
        assertThat(master.headers().firstValue("date")).isPresent();
        assertThat(text(master)).isEqualTo(channel().masterPlaylist().orElseThrow());

        HttpResponse<byte[]> media = get("/live/alice/source/index.m3u8");
        assertThat(media.statusCode()).isEqualTo(200);
        assertThat(media.headers().firstValue("cache-control")).contains("no-cache"); // an LL playlist, not blocking
        String playlist = text(media);
        assertThat(playlist).contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES");

        Matcher seg = Pattern.compile("\n(\\d+)\\.m4s\n").matcher(playlist);
        assertThat(seg.find()).isTrue();
        long sequence = Long.parseLong(seg.group(1));
        HttpResponse<byte[]> segment = get("/live/alice/source/" + sequence + ".m4s");
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(segment.headers().firstValue("content-type")).contains("video/mp4");
        assertThat(segment.headers().firstValue("cache-control")).contains("public, max-age=31536000, immutable");
        byte[] expected = channel().segment(HlsChannel.SOURCE, sequence).orElseThrow().data();
        assertThat(expected.length).isGreaterThan(DirectBodies.MIN_BYTES); // goes out from the off-heap copy
        assertThat(segment.body()).isEqualTo(expected);
        assertThat(get("/live/alice/source/" + sequence + ".m4s").body()).isEqualTo(expected); // the copy again

        Matcher part = Pattern.compile("URI=\"(\\d+)\\.(\\d+)\\.m4s\"").matcher(playlist);
        assertThat(part.find()).isTrue();
        HttpResponse<byte[]> partBytes = get("/live/alice/source/" + part.group(1) + "." + part.group(2) + ".m4s");
        assertThat(partBytes.statusCode()).isEqualTo(200);
        assertThat(partBytes.headers().firstValue("etag")).isPresent();
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"(init-\\d+\\.mp4)\"").matcher(playlist);
        assertThat(map.find()).isTrue();
        HttpResponse<byte[]> init = get("/live/alice/source/" + map.group(1));
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(new String(init.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(statuses).containsOnly(200);
    }

    @Test
    void aBlockingReloadAndAHintedPartAreHeldWithoutAThreadAndAnsweredWhenThePartExists() throws Exception {
        live();
        String[] next = hint(channel().mediaPlaylist(HlsChannel.SOURCE).orElseThrow()).split("\\.");
        CompletableFuture<HttpResponse<byte[]>> reload = http.sendAsync(HttpRequest.newBuilder(URI.create(url(
                "/live/alice/source/index.m3u8?_HLS_msn=" + next[0] + "&_HLS_part=" + next[1]))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<HttpResponse<byte[]>> hinted = http.sendAsync(HttpRequest.newBuilder(URI.create(url(
                "/live/alice/source/" + next[0] + "." + next[1] + ".m4s"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertStillHeld(reload);
        assertStillHeld(hinted);
        feed(600); // the hinted part closes within 0.5 s of media
        HttpResponse<byte[]> answer = reload.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(text(answer)).contains("URI=\"" + next[0] + "." + next[1] + ".m4s\"");
        // cacheable by a CDN keyed on the query, for as long as a client would have been held
        assertThat(answer.headers().firstValue("cache-control")).contains("public, max-age=6");
        HttpResponse<byte[]> part = hinted.get(10, TimeUnit.SECONDS);
        assertThat(part.statusCode()).isEqualTo(200);
        assertThat(new String(part.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("moof");
    }

    @Test
    void headConditionalPreflightAndErrorsAnswerLikeTheApplicationPort() throws Exception {
        live();
        HttpResponse<byte[]> full = get("/live/alice/source/index.m3u8");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(url("/live/alice/master.m3u8")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("content-length"))
                .hasValue(channel().masterPlaylist().orElseThrow().getBytes(StandardCharsets.UTF_8).length);

        String etag = get("/live/alice/master.m3u8").headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> notModified = http.send(HttpRequest.newBuilder(URI.create(url("/live/alice/master.m3u8")))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("access-control-allow-origin")).contains("*");

        HttpResponse<byte[]> preflight = http.send(HttpRequest.newBuilder(URI.create(url("/live/alice/master.m3u8")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).contains("GET, HEAD, OPTIONS");

        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(url("/live/alice/master.m3u8")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).contains("GET, HEAD, OPTIONS");

        HttpResponse<byte[]> unknown = get("/live/bob/master.m3u8");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(unknown.headers().firstValue("access-control-allow-origin")).contains("*");
        assertThat(text(unknown)).contains("\"status\":404", "Channel 'bob' has never been live");
        assertThat(get("/live/alice/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get("/index.html").statusCode()).isEqualTo(404);

        HttpResponse<byte[]> bad = get("/live/alice/source/index.m3u8?_HLS_msn=x1");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).contains("_HLS_msn must be a decimal integer");
        assertThat(full.statusCode()).isEqualTo(200);
    }

    @Test
    void keepAliveAndPipelinedRequestsAreAnsweredInOrderEvenBehindAHeldOne() throws Exception {
        live();
        String[] next = hint(channel().mediaPlaylist(HlsChannel.SOURCE).orElseThrow()).split("\\.");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String held = "GET /live/alice/source/index.m3u8?_HLS_msn=" + next[0] + "&_HLS_part=" + next[1]
                    + " HTTP/1.1\r\nHost: x\r\n\r\n";
            String master = "GET /live/alice/master.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n";
            socket.getOutputStream().write((held + master).getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(150);
            assertThat(socket.getInputStream().available()).isZero(); // the master waits behind the held reload
            feed(600);
            InputStream in = socket.getInputStream();
            String first = readResponse(in);
            String second = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 200").contains("#EXT-X-PART:");
            assertThat(second).startsWith("HTTP/1.1 200").contains("#EXT-X-STREAM-INF");
            socket.getOutputStream().write(master.getBytes(StandardCharsets.US_ASCII)); // still open: keep-alive
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void malformedAndOversizedRequestsGetTheirStatusAndCloseOnlyThatConnection() throws Exception {
        live();
        assertThat(raw("GET /live/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 414");
        assertThat(raw("GET /live/alice/master.m3u8 HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000)
                + "\r\n\r\n")).startsWith("HTTP/1.1 431");
        assertThat(raw("GET nonsense\r\n\r\n")).startsWith("HTTP/1.1 400");
        // the server still serves everyone else
        assertThat(get("/live/alice/master.m3u8").statusCode()).isEqualTo(200);
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndIdleOnesTimeOut() throws Exception {
        server.close();
        server = start(OriginConfig.defaults(0).withHost("127.0.0.1").withMaxConnections(2)
                .withIdleTimeout(Duration.ofSeconds(2)));
        live();
        try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
            await(() -> server.connections() == 2);
            long t0 = System.nanoTime();
            try (Socket c = new Socket("127.0.0.1", server.port())) {
                c.setSoTimeout(5_000);
                assertThat(c.getInputStream().read()).isEqualTo(-1); // the third is closed at once, not idled out
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
            }
            a.setSoTimeout(10_000);
            assertThat(a.getInputStream().read()).isEqualTo(-1); // idle: closed by the server
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1500),
                    Duration.ofSeconds(8));
        }
        await(() -> server.connections() == 0);
    }

    @Test
    void aClientThatLeavesWhileHeldCostsNothingAfterwards() throws Exception {
        live();
        String[] next = hint(channel().mediaPlaylist(HlsChannel.SOURCE).orElseThrow()).split("\\.");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /live/alice/source/" + next[0] + "." + next[1]
                    + ".m4s HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await(() -> server.connections() == 1);
        }
        await(() -> server.connections() == 0);
        int before = statuses.size();
        feed(600); // the part the gone client waited for is published: nothing is written, nothing fails
        await(() -> channel().mediaPlaylist(HlsChannel.SOURCE).orElseThrow()
                .contains("URI=\"" + next[0] + "." + next[1] + ".m4s\""));
        assertThat(get("/live/alice/master.m3u8").statusCode()).isEqualTo(200);
        assertThat(statuses).hasSize(before + 1);
    }

    @Test
    void aClientThatAsksWithoutReadingIsAnsweredOnlyAsFastAsItReads() throws Exception {
        pictureBytes = 40_000; // 2.4 MB segments: 16 of them are ~10 x what the kernel buffers (tcp_wmem: 4 MB)
        live();
        Matcher first = Pattern.compile("(?m)^(\\d+)\\.m4s$").matcher(channel().mediaPlaylist(HlsChannel.SOURCE)
                .orElseThrow());
        assertThat(first.find()).isTrue();
        String get = "GET /live/alice/source/" + first.group(1) + ".m4s HTTP/1.1\r\nHost: x\r\n\r\n";
        int asked = OriginHandler.MAX_PIPELINED;
        int before = statuses.size();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.setSoTimeout(10_000);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write(get.repeat(asked).getBytes(StandardCharsets.US_ASCII));
            await(() -> statuses.size() > before); // the first answer is on its way
            Thread.sleep(300);
            // The server wrote what the kernel took, then stopped answering (and reading) until the client reads:
            // the answers do not pile up in its memory.
            int unread = statuses.size() - before;
            assertThat(unread).isLessThan(asked);
            InputStream in = socket.getInputStream();
            for (int i = 0; i < asked; i++) {
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            }
            assertThat(statuses.size() - before).isEqualTo(asked);
        }
    }

    /** Sends {@code request} on a new connection and reads until the server closes it (at most 10 s). */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            return ""; // reset by the server after answering: also a closed connection
        }
    }

    /** One response with a Content-Length body, or none for 304. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    private static void assertStillHeld(CompletableFuture<?> held) throws Exception {
        try {
            held.get(200, TimeUnit.MILLISECONDS);
            throw new AssertionError("answered too early: " + held.get());
        } catch (TimeoutException expected) {
            // held
        }
    }
}
