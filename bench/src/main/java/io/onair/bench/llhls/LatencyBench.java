package io.onair.bench.llhls;

import com.sun.net.httpserver.HttpServer;
import io.onair.bench.flv.FlvFile;
import io.onair.bench.rtmp.RtmpPublisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Glass-to-glass latency in headless Chromium (issue 4). One publisher loop replays the input in real time to Onair
 * and nginx-rtmp at once (each tag to both sockets back to back), so a frame of media time t left for both servers
 * at {@code epochAtZero + t}. Then, at the same time:
 * <ul>
 * <li>a page of the harness's own (hls.js from web/node_modules, configured like the watch page: lowLatencyMode,
 * maxLiveSyncPlaybackRate 1.5) plays three streams side by side: nginx-rtmp's HLS playlist, Onair's source
 * media playlist and Onair's transcoded media playlist;</li>
 * <li>Onair's watch page, twice (two browsers), with the quality menu forced to the source and to the transcoded
 * rendition.</li>
 * </ul>
 * Every second the harness reads, per player, the wall clock and the media time at the playhead (the raw
 * presentation time: video.currentTime + hls.js's initPTS, as INIT_PTS_FOUND reports it for the playing
 * discontinuity) and, for Onair, hls.playingDate (the program date-time at the playhead). Latency by media time
 * = now − (epochAtZero + (raw − offset)), where offset maps the stream's presentation time to the publisher's
 * media time: keyframes are every 2 s of media time exactly, so offset = (PTS of a segment's first video frame)
 * mod 2 s, read with ffprobe from one segment of each stream. Latency by PDT = now − playingDate.
 */
public final class LatencyBench {
    private static final Pattern STREAM_INF = Pattern.compile("#EXT-X-STREAM-INF:([^\\n]*)\\n([^\\n]+)");

    private LatencyBench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int seconds = Integer.parseInt(a.getOrDefault("duration", "120"));
        int settle = Integer.parseInt(a.getOrDefault("settle", "20"));
        Path out = Path.of(a.get("out"));
        String onair = "http://127.0.0.1:" + a.get("onair-http");
        String nginx = "http://127.0.0.1:" + a.get("nginx-http");
        FlvFile flv = FlvFile.read(Path.of(a.get("flv")));
        Path hlsJs = Path.of(a.get("hlsjs"));

        List<RtmpPublisher> publishers = List.of(
                RtmpPublisher.publish("127.0.0.1", Integer.parseInt(a.get("onair-rtmp")), "live", a.get("key")),
                RtmpPublisher.publish("127.0.0.1", Integer.parseInt(a.get("nginx-rtmp")), "live", "bench"));
        long publishMs = (seconds + settle + 90) * 1000L;
        LoopReplay replay = new LoopReplay(flv, publishers, publishMs);
        long start = System.nanoTime() + 100_000_000L;
        Thread sender = Thread.ofPlatform().name("replay").start(() -> {
            try {
                replay.run(start);
            } catch (IOException e) {
                System.err.println("replay ended: " + e);
            }
        });

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Onair's renditions from its master playlist: the source and the transcoded one asked for (default: the
        // highest-bitrate one that is not the source).
        // The transcoder's renditions appear once its ffmpeg produced their first segments: wait for two video
        // variants (the audio-only variant has no RESOLUTION).
        String master = waitFor(http, onair + "/live/bench/master.m3u8", 90, b -> STREAM_INF.matcher(b).results()
                .filter(r -> r.group(1).contains("RESOLUTION=")).count() >= 2);
        Files.writeString(out.resolve("onair-master.m3u8"), master);
        List<String> variants = new ArrayList<>();
        Matcher m = STREAM_INF.matcher(master);
        while (m.find()) {
            if (m.group(1).contains("RESOLUTION=")) {
                variants.add(m.group(2).trim());
            }
        }
        String source = variants.stream().filter(v -> v.startsWith("source/")).findFirst().orElseThrow();
        String wanted = a.getOrDefault("rendition", "");
        String transcoded = variants.stream().filter(v -> !v.startsWith("source/"))
                .filter(v -> wanted.isEmpty() || v.startsWith(wanted + "/")).findFirst().orElseThrow();
        Map<String, String> streams = new LinkedHashMap<>();
        streams.put("nginx-rtmp", nginx + "/hls/bench.m3u8");
        streams.put("onair-source", onair + "/live/bench/" + source);
        streams.put("onair-" + transcoded.substring(0, transcoded.indexOf('/')), onair + "/live/bench/" + transcoded);
        Map<String, Double> offsets = new LinkedHashMap<>();
        for (var e : streams.entrySet()) {
            waitFor(http, e.getValue(), 60, b -> b.split("#EXTINF").length > 2);
            offsets.put(e.getKey(), offset(http, e.getValue(), out, e.getKey()));
        }
        System.err.println("bench: presentation time offsets (PTS of a segment's first video frame mod 2 s): " + offsets);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] js = Files.readAllBytes(hlsJs);
        byte[] page = page(streams).getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            boolean script = ex.getRequestURI().getPath().endsWith(".js");
            byte[] body = script ? js : page;
            ex.getResponseHeaders().add("Content-Type", script ? "text/javascript" : "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String pageUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        String transcodedName = transcoded.substring(0, transcoded.indexOf('/'));

        List<String> labels = new ArrayList<>(streams.keySet());
        Map<String, List<double[]>> media = new LinkedHashMap<>();
        Map<String, List<Double>> pdt = new LinkedHashMap<>();
        for (String l : labels) {
            media.put(l, new ArrayList<>());
            pdt.put(l, new ArrayList<>());
        }
        String watchSource = "watch-page-source";
        String watchTranscoded = "watch-page-" + transcodedName;
        pdt.put(watchSource, new ArrayList<>());
        pdt.put(watchTranscoded, new ArrayList<>());
        StringBuilder raw = new StringBuilder("t_s,player,now_ms,raw_media_s,pdt_ms,current_time_s,level,rate,"
                + "waiting,latency_media_s,latency_pdt_s,hlsjs_latency_s,hlsjs_target_latency_s\n");
        Map<String, String> states = new LinkedHashMap<>();
        boolean watch = !a.getOrDefault("watch-pages", "1").equals("0");
        try (Cdp own = Cdp.open(pageUrl, out.resolve("chromium-own-page.log"));
             Cdp ws = watch ? Cdp.open(onair + "/bench", out.resolve("chromium-watch-source.log")) : null;
             Cdp wt = watch ? Cdp.open(onair + "/bench", out.resolve("chromium-watch-transcoded.log")) : null) {
            // Force the watch pages' quality menus once their levels are known (lowest bitrate first).
            long until = System.nanoTime() + 60_000_000_000L;
            boolean forced = !watch;
            while (!forced && System.nanoTime() < until) {
                Thread.sleep(1000);
                String s1 = ws.eval(select("levels.length - 1"));
                String s2 = wt.eval(select("levels.findIndex(l => l.height === " + height(master, transcoded) + ")"));
                forced = s1.startsWith("ok") && s2.startsWith("ok");
                System.err.println("bench: forcing watch page levels: " + s1 + " / " + s2);
            }
            System.err.println("bench: settling " + settle + " s, then sampling every second for " + seconds + " s");
            Thread.sleep(settle * 1000L);
            long t0 = System.nanoTime();
            for (int i = 0; i < seconds; i++) {
                long due = t0 + i * 1_000_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                double t = (System.nanoTime() - t0) / 1e9;
                for (String row : own.eval("window.sample()").split(";")) {
                    String[] f = row.split(",", -1);
                    String label = f[0];
                    double now = Double.parseDouble(f[1]);
                    double lm = Double.NaN;
                    double lp = Double.NaN;
                    if (!f[2].isEmpty()) {
                        double rawMedia = Double.parseDouble(f[2]);
                        double sent = replay.epochAtZeroMs() + 1000 * (rawMedia - offsets.get(label));
                        lm = (now - sent) / 1000;
                        media.get(label).add(new double[] {lm});
                    }
                    if (!f[3].isEmpty()) {
                        lp = (now - Double.parseDouble(f[3])) / 1000;
                        pdt.get(label).add(lp);
                    }
                    raw.append(String.format(Locale.ROOT, "%.1f,%s,%s,%s,%s,%s,%s,%s,%s,%.3f,%.3f,%s,%s%n", t, label,
                            f[1], f[2], f[3], f[4], f[5], f[6], f[7], lm, lp, f[8], f[9]));
                }
                for (var w : watch ? List.of(Map.entry(watchSource, ws), Map.entry(watchTranscoded, wt))
                        : List.<Map.Entry<String, Cdp>>of()) {
                    String v = w.getValue().eval("(() => { const p = window.onair && window.onair.player;"
                            + " return p ? [Date.now(), p.latency === null ? '' : p.latency, p.level, p.auto,"
                            + " p.state, window.onair.video.playbackRate].join(',') : ''; })()");
                    String[] f = v.split(",", -1);
                    if (f.length >= 6 && !f[1].isEmpty()) {
                        double lp = Double.parseDouble(f[1]);
                        pdt.get(w.getKey()).add(lp);
                        raw.append(String.format(Locale.ROOT, "%.1f,%s,%s,,,,%s,%s,,,%.3f%n", t, w.getKey(), f[0],
                                f[2], f[5], lp));
                    }
                    states.put(w.getKey(), v);
                }
            }
            states.put("own page", own.eval("window.sample()"));
        } finally {
            server.stop(0);
        }
        Files.writeString(out.resolve("latency-samples.csv"), raw);
        for (RtmpPublisher p : publishers) {
            p.close();
        }
        sender.interrupt();

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Glass-to-glass latency over %d s (one sample per second per player, "
                + "after %d s of settling); replay max lag %.1f ms; offsets %s%n%n", seconds, settle,
                replay.maxLagMs(), offsets));
        md.append("| player | stream | method | samples | median s | p95 s | min s | max s |\n|---|---|---|---|---|---|---|---|\n");
        for (String l : labels) {
            List<Double> lm = media.get(l).stream().map(d -> d[0]).toList();
            md.append(row("own page (hls.js 1.7.4)", l, "media time", lm));
            if (!pdt.get(l).isEmpty()) {
                md.append(row("own page (hls.js 1.7.4)", l, "PDT", pdt.get(l)));
            }
        }
        md.append(row("Onair watch page", "onair-source (forced)", "PDT", pdt.get(watchSource)));
        md.append(row("Onair watch page", "onair-" + transcodedName + " (forced)", "PDT", pdt.get(watchTranscoded)));
        md.append("\nlast state: ").append(states).append('\n');
        Files.writeString(out.resolve("latency.md"), md);
        System.out.print(md);
        System.exit(0);
    }

    private static String row(String player, String stream, String method, List<Double> values) {
        if (values.isEmpty()) {
            return String.format("| %s | %s | %s | 0 | – | – | – | – |%n", player, stream, method);
        }
        double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f | %.2f | %.2f | %.2f |%n", player, stream, method,
                s.length, s[(int) Math.ceil(s.length * 0.5) - 1], s[(int) Math.ceil(s.length * 0.95) - 1], s[0],
                s[s.length - 1]);
    }

    /** JavaScript for the watch page: choose the level at {@code indexExpr} in the quality menu (a change event). */
    private static String select(String indexExpr) {
        return "(() => { const o = window.onair; if (!o || !o.player || o.player.levels.length < 2) return 'no levels';"
                + " const levels = o.player.levels; const i = " + indexExpr + "; if (i < 0) return 'no such level';"
                + " if (!o.player.auto && o.player.level === i) return 'ok ' + i + ' ' + JSON.stringify(levels[i]);"
                + " const s = document.getElementById('quality'); s.value = String(i);"
                + " s.dispatchEvent(new Event('change')); return 'selected ' + i; })()";
    }

    private static int height(String master, String variant) {
        Matcher m = STREAM_INF.matcher(master);
        while (m.find()) {
            if (m.group(2).trim().equals(variant)) {
                Matcher r = Pattern.compile("RESOLUTION=\\d+x(\\d+)").matcher(m.group(1));
                if (r.find()) {
                    return Integer.parseInt(r.group(1));
                }
            }
        }
        return -1;
    }

    private static String waitFor(HttpClient http, String url, int seconds,
            java.util.function.Predicate<String> ready) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        String last = "";
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && ready.test(r.body())) {
                    return r.body();
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " not ready in " + seconds + " s: " + last);
    }

    /** (PTS of the first video frame of the playlist's newest full segment) mod 2 s, by ffprobe. */
    private static double offset(HttpClient http, String playlistUrl, Path out, String label) throws Exception {
        String playlist = http.send(HttpRequest.newBuilder(URI.create(playlistUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Files.writeString(out.resolve("playlist-" + label + ".m3u8"), playlist);
        URI base = URI.create(playlistUrl);
        String map = null;
        Matcher mm = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(playlist);
        if (mm.find()) {
            map = mm.group(1);
        }
        String segment = null;
        String[] lines = playlist.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("#EXTINF") && i + 1 < lines.length && !lines[i + 1].startsWith("#")) {
                segment = lines[i + 1].trim();
                break; // the oldest listed: whole, and not the one being written
            }
        }
        Path file = out.resolve("offset-" + label + (map != null ? ".mp4" : ".ts"));
        byte[] body = http.send(HttpRequest.newBuilder(base.resolve(segment)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        if (map != null) {
            byte[] init = http.send(HttpRequest.newBuilder(base.resolve(map)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            byte[] both = Arrays.copyOf(init, init.length + body.length);
            System.arraycopy(body, 0, both, init.length, body.length);
            body = both;
        }
        Files.write(file, body);
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-ignore_editlist", "1", "-select_streams", "v:0",
                "-show_entries", "packet=pts_time", "-read_intervals", "%+#1", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        Files.writeString(out.resolve("offset-" + label + ".txt"), segment + ": first video pts_time " + s + "\n");
        double pts = Double.parseDouble(s.split("\\s+")[0].replace(",", ""));
        return ((pts % 2.0) + 2.0) % 2.0;
    }

    private static String page(Map<String, String> streams) {
        StringBuilder list = new StringBuilder();
        for (var e : streams.entrySet()) {
            list.append("['").append(e.getKey()).append("','").append(e.getValue()).append("'],");
        }
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>latency</title></head>
                <body style="margin:0;background:#000">
                <script src="/hls.min.js"></script>
                <script>
                const players = [];
                for (const [label, src] of [%s]) {
                  const video = document.createElement('video');
                  video.muted = true; video.autoplay = true; video.playsInline = true; video.width = 400;
                  document.body.append(video);
                  // Like the watch page (web/src/playback.ts).
                  const hls = new Hls({ lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5, liveDurationInfinity: true,
                    backBufferLength: 30, maxBufferLength: 30, enableWorker: true });
                  const p = { label, video, hls, init: {}, cc: 0, waiting: 0 };
                  hls.on(Hls.Events.INIT_PTS_FOUND, (e, d) => { p.init[d.frag.cc] = d.initPTS / d.timescale; });
                  hls.on(Hls.Events.FRAG_CHANGED, (e, d) => { p.cc = d.frag.cc; });
                  video.addEventListener('waiting', () => { p.waiting++; });
                  hls.loadSource(src);
                  hls.attachMedia(video);
                  video.play().catch(() => {});
                  players.push(p);
                }
                window.sample = () => players.map(p => {
                  const v = p.video, base = p.init[p.cc];
                  const raw = (base === undefined || v.currentTime === 0 || v.paused) ? '' : (v.currentTime + base).toFixed(4);
                  const pdt = p.hls.playingDate ? p.hls.playingDate.getTime() : '';
                  return [p.label, Date.now(), raw, pdt, v.currentTime.toFixed(3), p.hls.currentLevel, v.playbackRate, p.waiting, p.hls.latency.toFixed(3), p.hls.targetLatency === null ? '' : p.hls.targetLatency.toFixed(3)].join(',');
                }).join(';');
                </script></body></html>
                """.formatted(list);
    }
}
