package io.onair.app.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the server, for browser tests of what the real origin does only under conditions a test cannot
 * arrange (issue 3: the transcoder drops its top rung when it cannot keep real time). It serves the built web UI from
 * the classpath ({@code static/}, as the app does), the channel's status, and one live fMP4 HLS stream in the real
 * origin's layout: video-only variants by bandwidth, an {@code audio} group and an audio-only variant, 2 s segments
 * with {@code EXT-X-PROGRAM-DATE-TIME}, a window of six segments. The segments are encoded by ffmpeg beforehand
 * ({@code testsrc2} and a sine tone, 60 s) and released on the wall clock as if they were being made.
 *
 * <p>{@link #dropRendition} does what the real origin does to a dropped rung: its playlist gets
 * {@code EXT-X-ENDLIST} and it leaves the master playlist, while the others go on. {@link #end} ends every playlist
 * and the status says offline. The rest of the API answers as for a logged-out visitor of a channel without replays.
 */
public final class FakeHlsOrigin implements AutoCloseable {
    /** Segments already "made" when the origin starts: enough for a player to start 3 segments behind the edge. */
    private static final Duration HEAD_START = Duration.ofSeconds(8);
    private static final int WINDOW = 6;
    private static final Duration MEDIA = Duration.ofSeconds(60);
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),");
    private static final Pattern LIVE = Pattern.compile("/live/([a-z0-9_-]+)/(?:([a-z0-9]+)/)?([A-Za-z0-9_.-]+)");

    /** A rendition: its name (a URL path segment) and master playlist attributes. */
    private record Rendition(String name, String size, int kbps, boolean audio) {
    }

    private static final List<Rendition> RENDITIONS = List.of(
            new Rendition("360p", "640x360", 800, false),
            new Rendition("180p", "320x180", 200, false),
            new Rendition("audio", "", 64, true));

    private final String channel;
    private final Path media;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Map<String, List<Double>> durations = new LinkedHashMap<>();
    /** Rendition → when it ended (a dropped rung, or every one at the end of the stream). */
    private final Map<String, Instant> endedAt = new ConcurrentHashMap<>();
    private volatile Optional<Instant> streamEnded = Optional.empty();

    private FakeHlsOrigin(String channel, Path media) throws IOException {
        this.channel = channel;
        this.media = media;
        for (Rendition r : RENDITIONS) {
            String playlist = Files.readString(media.resolve(r.name()).resolve("index.m3u8"));
            List<Double> d = new ArrayList<>();
            Matcher m = EXTINF.matcher(playlist);
            while (m.find()) {
                d.add(Double.parseDouble(m.group(1)));
            }
            durations.put(r.name(), List.copyOf(d));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Encodes the media into {@code dir} (a few seconds of ffmpeg) and starts serving {@code channel} live. */
    public static FakeHlsOrigin start(String channel, Path dir) {
        String ffmpeg = Executables.require("ffmpeg", "ffmpeg").toString();
        String seconds = String.valueOf(MEDIA.toSeconds());
        for (Rendition r : RENDITIONS) {
            Path out = dir.resolve(r.name());
            List<String> command = new ArrayList<>(List.of(ffmpeg, "-v", "error", "-f", "lavfi", "-i"));
            if (r.audio()) {
                command.addAll(List.of("sine=frequency=440:sample_rate=48000", "-t", seconds, "-c:a", "aac",
                        "-b:a", r.kbps() + "k"));
            } else {
                // The same source and keyframes for every rung, so segments line up across renditions.
                command.addAll(List.of("testsrc2=size=640x360:rate=30", "-t", seconds, "-an", "-vf",
                        "scale=" + r.size().replace('x', ':'), "-c:v", "libx264", "-preset", "ultrafast",
                        "-profile:v", "main", "-level:v", "3.1", "-pix_fmt", "yuv420p", "-g", "60",
                        "-keyint_min", "60", "-sc_threshold", "0", "-b:v", r.kbps() + "k"));
            }
            command.addAll(List.of("-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
                    "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
                    "-hls_segment_filename", out.resolve("%d.m4s").toString(), out.resolve("index.m3u8").toString()));
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (ExternalProcess encode = ExternalProcess.start("ffmpeg " + r.name(), command)) {
                encode.assertSucceeds(Duration.ofSeconds(60));
            }
        }
        try {
            return new FakeHlsOrigin(channel, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort()).resolve(path);
    }

    /** The rung leaves the master playlist and its playlist ends, as when the transcoder drops it (issue 3). */
    public void dropRendition(String name) {
        endedAt.putIfAbsent(name, Instant.now());
    }

    /** The stream ends: every playlist gets {@code EXT-X-ENDLIST}, the status says offline. */
    public void end() {
        Instant now = Instant.now();
        RENDITIONS.forEach(r -> endedAt.putIfAbsent(r.name(), now));
        streamEnded = Optional.of(now);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher live = LIVE.matcher(path);
            if (path.equals("/api/channels/" + channel + "/status")) {
                send(exchange, 200, "application/json", utf8(status()));
            } else if (path.equals("/api/channels/" + channel + "/replays")) {
                send(exchange, 200, "application/json", utf8("[]"));
            } else if (path.equals("/api/me")) {
                send(exchange, 401, "application/problem+json", utf8("{\"title\":\"Unauthorized\",\"status\":401}"));
            } else if (path.startsWith("/api/") || path.startsWith("/ws/")) {
                send(exchange, 404, "application/problem+json", utf8("{\"title\":\"Not Found\",\"status\":404}"));
            } else if (live.matches() && live.group(1).equals(channel)) {
                serveLive(exchange, live.group(2), live.group(3));
            } else if (path.startsWith("/assets/")) {
                serveStatic(exchange, "static" + path);
            } else if (path.equals("/" + channel)) {
                serveStatic(exchange, "static/watch.html");
            } else {
                send(exchange, 404, "text/plain", utf8("not found"));
            }
        }
    }

    private String status() {
        boolean live = streamEnded.isEmpty();
        return "{\"channel\":\"" + channel + "\",\"live\":" + live + ",\"hls\":"
                + (live ? "\"/live/" + channel + "/master.m3u8\"" : "null") + ",\"startedAt\":\"" + start
                + "\",\"lastLiveAt\":\"" + streamEnded.orElse(Instant.now()) + "\",\"stats\":null}";
    }

    private void serveLive(HttpExchange exchange, String rendition, String file) throws IOException {
        if (rendition == null && file.equals("master.m3u8")) {
            send(exchange, 200, "application/vnd.apple.mpegurl", utf8(master()));
            return;
        }
        if (rendition == null || !durations.containsKey(rendition)) {
            send(exchange, 404, "text/plain", utf8("no such rendition"));
            return;
        }
        if (file.equals("index.m3u8")) {
            send(exchange, 200, "application/vnd.apple.mpegurl", utf8(mediaPlaylist(rendition)));
            return;
        }
        Path bytes = media.resolve(rendition).resolve(file).normalize();
        if (!bytes.startsWith(media) || !Files.isRegularFile(bytes)) {
            send(exchange, 404, "text/plain", utf8("no such file"));
            return;
        }
        send(exchange, 200, file.endsWith(".mp4") ? "video/mp4" : "video/iso.segment", Files.readAllBytes(bytes));
    }

    private String master() {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        b.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,")
                .append("URI=\"audio/index.m3u8\"\n");
        for (Rendition r : RENDITIONS) {
            if (!r.audio() && endedAt.containsKey(r.name()) && streamEnded.isEmpty()) {
                continue; // a rung that ended while the stream goes on has left the master playlist
            }
            long bandwidth = (r.kbps() + (r.audio() ? 0 : 64)) * 1100L;
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth).append(",CODECS=\"")
                    .append(r.audio() ? "mp4a.40.2" : "avc1.4d401f,mp4a.40.2").append('"');
            if (!r.audio()) {
                b.append(",RESOLUTION=").append(r.size()).append(",FRAME-RATE=30.000");
            }
            b.append(",AUDIO=\"audio\"\n").append(r.name()).append("/index.m3u8\n");
        }
        return b.toString();
    }

    /** The live window of a rendition: the segments made by now (or by its end), the last six of them. */
    private String mediaPlaylist(String rendition) {
        List<Double> d = durations.get(rendition);
        Instant ended = endedAt.get(rendition);
        Instant now = ended != null ? ended : Instant.now();
        double made = Duration.between(start.minus(HEAD_START), now).toMillis() / 1000.0;
        int available = 0;
        double end = 0;
        while (available < d.size() && end + d.get(available) <= made) {
            end += d.get(available);
            available++;
        }
        int first = Math.max(0, available - WINDOW);
        double offset = 0;
        for (int i = 0; i < first; i++) {
            offset += d.get(i);
        }
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n")
                .append("#EXT-X-MEDIA-SEQUENCE:").append(first).append("\n#EXT-X-MAP:URI=\"init.mp4\"\n");
        for (int i = first; i < available; i++) {
            if (i == first) {
                b.append("#EXT-X-PROGRAM-DATE-TIME:")
                        .append(start.minus(HEAD_START).plusMillis(Math.round(offset * 1000))).append('\n');
            }
            b.append(String.format(java.util.Locale.ROOT, "#EXTINF:%.6f,%n%d.m4s%n", d.get(i), i));
        }
        if (ended != null) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    private void serveStatic(HttpExchange exchange, String resource) throws IOException {
        try (InputStream in = FakeHlsOrigin.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null || resource.contains("..")) {
                send(exchange, 404, "text/plain", utf8("not found"));
                return;
            }
            String type = resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css"
                    : resource.endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
