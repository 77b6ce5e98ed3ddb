package io.onair.bench;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.rtmp.RtmpPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Ingest load: N publishers replay the FLV file in real time to one server for {@code duration} seconds, starts
 * spread over {@code stagger} ms (encoders do not start in the same millisecond). The server's CPU time and memory
 * are sampled from /proc every second; at the end of the steady window every stream's playlist is read.
 */
final class Ingest {
    private static final long SAMPLE_NANOS = 1_000_000_000L;

    record StreamResult(String name, boolean published, String error, double maxLagMs) {
    }

    static void run(Args args) throws Exception {
        FlvFile flv = FlvFile.read(Path.of(args.get("flv")));
        String label = args.get("label");
        int port = args.integer("rtmp-port");
        String app = args.get("app", "live");
        List<String> names = List.of(args.get("names").split(","));
        List<String> playlists = List.of(args.get("playlists").split(","));
        long pid = Long.parseLong(args.get("pid"));
        int clockTicks = args.integer("clock-ticks", 100);
        long durationMs = args.integer("duration", 60) * 1000L;
        // The steady window: past the start-up (connects, JIT, first segments) and before the publishers stop.
        long steadyFromMs = args.integer("steady-from", (int) Math.min(15, durationMs / 4000)) * 1000L;
        long steadyToMs = args.integer("steady-to", (int) (durationMs / 1000 - 5)) * 1000L;
        long staggerMs = args.integer("stagger", 2000);
        Path out = Path.of(args.get("out"));
        Files.createDirectories(out);

        int n = names.size();
        long start = System.nanoTime() + 500_000_000L;
        List<StreamResult> results = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread.ofPlatform().name("publisher-" + i).start(() -> {
                try {
                    publishOne(flv, port, app, names.get(index), start + index * staggerMs * 1_000_000 / n,
                            durationMs, results);
                } finally {
                    done.countDown();
                }
            });
        }

        // Sample once a second until the publishers are done; read every playlist at the window's edges.
        List<ProcSample> samples = new ArrayList<>();
        ProcSample steadyFrom = null;
        ProcSample steadyTo = null;
        List<Optional<MediaPlaylist>> atFrom = null;
        List<Optional<MediaPlaylist>> atTo = null;
        Http http = new Http();
        long hardStop = start + durationMs * 1_000_000 + 30_000_000_000L;
        for (long t = start; done.getCount() > 0 && System.nanoTime() < hardStop; t += SAMPLE_NANOS) {
            long wait = t - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            ProcSample s = ProcSample.of(pid);
            samples.add(s);
            long elapsedMs = (s.nanos() - start) / 1_000_000;
            if (steadyFrom == null && elapsedMs >= steadyFromMs) {
                steadyFrom = s;
                atFrom = readPlaylists(http, playlists);
            }
            if (steadyTo == null && elapsedMs >= steadyToMs) {
                steadyTo = s;
                atTo = readPlaylists(http, playlists);
            }
        }
        done.await();
        http.close();
        if (steadyFrom == null || steadyTo == null) {
            throw new IllegalStateException("the run ended before the steady window " + steadyFromMs + "-"
                    + steadyToMs + " ms closed");
        }

        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("ingest-" + label + "-samples.csv")))) {
            w.println("elapsed_ms,cpu_ticks,rss_kb,hwm_kb,processes");
            for (ProcSample s : samples) {
                w.printf(Locale.ROOT, "%d,%d,%d,%d,%d%n", (s.nanos() - start) / 1_000_000, s.cpuTicks(), s.rssKb(),
                        s.hwmKb(), s.processes());
            }
        }
        double seconds = (steadyTo.nanos() - steadyFrom.nanos()) / 1e9;
        double cpuSeconds = (steadyTo.cpuTicks() - steadyFrom.cpuTicks()) / (double) clockTicks;
        long maxRss = samples.stream().mapToLong(ProcSample::rssKb).max().orElse(0);
        long hwm = samples.getLast().hwmKb();
        int withSegments = 0;
        int published = 0;
        StringBuilder streams = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Optional<MediaPlaylist> a = atFrom.get(i);
            Optional<MediaPlaylist> b = atTo.get(i);
            boolean ok = b.isPresent() && !b.get().segments().isEmpty();
            withSegments += ok ? 1 : 0;
            String name = names.get(i);
            StreamResult r = results.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            published += r != null && r.published() ? 1 : 0;
            long produced = a.isPresent() && b.isPresent() && !a.get().segments().isEmpty() && ok
                    ? b.get().segments().getLast().sequence() - a.get().segments().getLast().sequence() : -1;
            streams.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s%n", name,
                    r == null ? "?" : r.published(), r == null || r.error() == null ? "" : r.error().replace(',', ';'),
                    produced, r == null ? "" : Stats.ms(r.maxLagMs()), playlists.get(i)));
        }
        Files.writeString(out.resolve("ingest-" + label + "-streams.csv"),
                "stream,published,error,segments_in_steady_window,max_replay_lag_ms,playlist\n" + streams);
        String row = String.format(Locale.ROOT, "| %s | %d | %d / %d | %.1f %% | %.4f | %.0f | %.0f | %d of %d |%n",
                label, n, published, n, 100 * cpuSeconds / seconds, cpuSeconds / (seconds * n), maxRss / 1024.0,
                hwm / 1024.0, withSegments, n);
        Files.writeString(out.resolve("ingest-" + label + ".md"), row);
        System.out.print(row);
    }

    private static void publishOne(FlvFile flv, int port, String app, String name, long startNanos, long durationMs,
            List<StreamResult> results) {
        RealTimeReplay replay = null;
        try (RtmpPublisher p = RtmpPublisher.publish("127.0.0.1", port, app, name)) {
            replay = new RealTimeReplay(flv, List.of(p), durationMs);
            replay.run(startNanos);
            p.unpublish();
            results.add(new StreamResult(name, true, null, replay.maxLagMs()));
        } catch (IOException | RuntimeException e) {
            results.add(new StreamResult(name, false, e.toString(), replay == null ? 0 : replay.maxLagMs()));
        }
    }

    private static List<Optional<MediaPlaylist>> readPlaylists(Http http, List<String> urls) {
        List<Optional<MediaPlaylist>> list = new ArrayList<>();
        for (String url : urls) {
            URI uri = URI.create(url);
            Optional<String> text = http.text(uri);
            Optional<String> variant = text.flatMap(MediaPlaylist::firstVariant);
            if (variant.isPresent()) {
                text = http.text(uri.resolve(variant.get()));
            }
            list.add(text.map(MediaPlaylist::parse));
        }
        return list;
    }
}
