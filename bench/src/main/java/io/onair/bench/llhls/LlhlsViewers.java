package io.onair.bench.llhls;

import io.onair.bench.ProcSample;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N simulated LL-HLS viewers of one rendition (issue 4): each does what hls.js does at the live edge
 * ({@link NioHlsViewers}: one keep-alive HTTP/1.1 connection per viewer, all on a few selector threads): a blocking
 * playlist reload for the hinted next part ({@code _HLS_msn}/{@code _HLS_part}), answered when that part is listed,
 * then a GET of that part, then the same for the next hint, in a loop, until the deadline. One observer polls the same playlist without blocking every
 * {@code --observer-ms} and records when each part first appears (its publication, within one poll period + one
 * round trip). The server's CPU and RSS (with its children) are sampled every second from /proc.
 */
public final class LlhlsViewers {
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(\\d+)\\.(\\d+)\\.m4s\"");
    private static final Pattern PART = Pattern.compile("#EXT-X-PART:[^\\n]*URI=\"(\\d+)\\.(\\d+)\\.m4s\"");

    private LlhlsViewers() {
    }

    /** A part's key: msn * 1000 + part index. */
    private static long key(long msn, long part) {
        return msn * 1000 + part;
    }

    /** Per part: the System.nanoTime of every viewer's delivery (part body fully read) and reload answer. */
    private record Seen(List<Long> reloads, List<Long> parts) {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int viewers = Integer.parseInt(a.getOrDefault("viewers", "2000"));
        int seconds = Integer.parseInt(a.getOrDefault("duration", "75"));
        int observerMs = Integer.parseInt(a.getOrDefault("observer-ms", "5"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        long pid = Long.parseLong(a.get("pid"));
        Path out = Path.of(a.get("out"));
        String base = "http://127.0.0.1:" + a.get("http") + "/live/" + a.getOrDefault("channel", "bench") + "/"
                + a.getOrDefault("rendition", "source") + "/";
        FlvFile flv = FlvFile.read(Path.of(a.get("flv")));

        RtmpPublisher publisher = RtmpPublisher.publish("127.0.0.1", Integer.parseInt(a.get("rtmp")), "live",
                a.get("key"));
        long publishMs = (seconds + 30) * 1000L;
        LoopReplay replay = new LoopReplay(flv, List.of(publisher), publishMs);
        long start = System.nanoTime() + 100_000_000L;
        Thread sender = Thread.ofPlatform().name("replay").start(() -> {
            try {
                replay.run(start);
            } catch (IOException e) {
                if (System.nanoTime() < start + (seconds + 5) * 1_000_000_000L) {
                    System.err.println("replay failed: " + e);
                }
            }
        });

        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String first = null;
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = probe.send(HttpRequest.newBuilder(URI.create(base + "index.m3u8")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && HINT.matcher(r.body()).find() && r.body().contains("#EXT-X-PART:")) {
                    first = r.body();
                    break;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        if (first == null) {
            throw new IllegalStateException("no LL-HLS playlist at " + base + "index.m3u8 within 30 s");
        }
        Files.writeString(out.resolve("first-playlist.m3u8"), first);

        Map<Long, Seen> seen = new ConcurrentHashMap<>();
        Map<Long, Long> observed = new ConcurrentHashMap<>();
        AtomicLong reloads = new AtomicLong();
        AtomicLong parts = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        // Viewers join over the first 5 s (ramp), measured from then on.
        long measureFrom = t0 + 5_000_000_000L;

        ProcSample before = ProcSample.of(pid);
        ProcSample clientBefore = ProcSample.of(ProcessHandle.current().pid());
        List<ProcSample> samples = new ArrayList<>();
        samples.add(before);
        Thread sampler = Thread.ofPlatform().daemon().name("sampler").start(() -> {
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                ProcSample s = ProcSample.of(pid);
                synchronized (samples) {
                    samples.add(s);
                }
            }
        });
        Thread observer = Thread.ofPlatform().name("observer").start(() -> {
            HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "index.m3u8")).timeout(Duration.ofSeconds(5))
                    .build();
            while (System.nanoTime() < deadline + 3_000_000_000L) {
                long sent = System.nanoTime();
                try {
                    HttpResponse<String> r = c.send(req, HttpResponse.BodyHandlers.ofString());
                    long now = System.nanoTime();
                    Matcher m = PART.matcher(r.body());
                    while (m.find()) {
                        observed.putIfAbsent(key(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))), now);
                    }
                    // A part without EXT-X-PART any more is a whole segment: it was seen before as parts.
                } catch (IOException | InterruptedException e) {
                    // counted nowhere: the observer is best effort
                }
                long wait = sent + observerMs * 1_000_000L - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        });

        NioHlsViewers.Listener listener = new NioHlsViewers.Listener() {
            @Override
            public void reload(long msn, long part, long sent, long now) {
                reloads.incrementAndGet();
                if (sent >= measureFrom) {
                    Seen sn = seen.computeIfAbsent(key(msn, part), k -> new Seen(new ArrayList<>(), new ArrayList<>()));
                    synchronized (sn) {
                        sn.reloads.add(now);
                    }
                }
            }

            @Override
            public void part(long msn, long part, long sent, long now, long length) {
                parts.incrementAndGet();
                bytes.addAndGet(length);
                if (sent >= measureFrom) {
                    Seen sn = seen.computeIfAbsent(key(msn, part), k -> new Seen(new ArrayList<>(), new ArrayList<>()));
                    synchronized (sn) {
                        sn.parts.add(now);
                    }
                }
            }

            @Override
            public void error(String kind) {
                errors.incrementAndGet();
                errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            }
        };
        try (NioHlsViewers nio = new NioHlsViewers(new InetSocketAddress("127.0.0.1", Integer.parseInt(a.get("http"))),
                URI.create(base).getPath(), threads, 15_000_000_000L, listener)) {
            nio.stopAt(deadline);
            for (int v = 0; v < viewers; v++) { // joining over the first 5 s
                long at = t0 + (long) (5e9 * v / viewers);
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                nio.start(v);
            }
            long wait = deadline + 2_000_000_000L - System.nanoTime(); // answers in flight at the deadline
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
        }
        long t1 = System.nanoTime();
        sampler.interrupt();
        ProcSample after = ProcSample.of(pid);
        ProcSample clientAfter = ProcSample.of(ProcessHandle.current().pid());
        observer.join();
        publisher.close();
        sender.interrupt();

        // Spread: per part, each viewer's delivery minus the first viewer's delivery of that part.
        List<Double> spreadParts = new ArrayList<>();
        List<Double> spreadReloads = new ArrayList<>();
        List<Double> reloadAfterPub = new ArrayList<>();
        List<Double> partAfterPub = new ArrayList<>();
        StringBuilder csv = new StringBuilder("msn,part,viewers_reload,viewers_part,observed_ms,"
                + "reload_first_ms,reload_last_ms,part_first_ms,part_last_ms\n");
        List<Long> keys = new ArrayList<>(seen.keySet());
        keys.sort(null);
        for (long k : keys) {
            Seen sn = seen.get(k);
            long rFirst = sn.reloads.stream().mapToLong(Long::longValue).min().orElse(0);
            // Publication: the first sight of the part listed, by the observer or by any viewer's reload answer.
            Long polled = observed.get(k);
            Long obs = polled == null ? null : Math.min(polled, sn.reloads.isEmpty() ? polled : rFirst);
            long rLast = sn.reloads.stream().mapToLong(Long::longValue).max().orElse(0);
            long pFirst = sn.parts.stream().mapToLong(Long::longValue).min().orElse(0);
            long pLast = sn.parts.stream().mapToLong(Long::longValue).max().orElse(0);
            for (long t : sn.reloads) {
                spreadReloads.add((t - rFirst) / 1e6);
                if (obs != null) {
                    reloadAfterPub.add((t - obs) / 1e6);
                }
            }
            for (long t : sn.parts) {
                spreadParts.add((t - pFirst) / 1e6);
                if (obs != null) {
                    partAfterPub.add((t - obs) / 1e6);
                }
            }
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%.1f,%.1f,%.1f,%.1f%n", k / 1000, k % 1000,
                    sn.reloads.size(), sn.parts.size(), obs == null ? "" : String.format(Locale.ROOT, "%.1f",
                            (obs - t0) / 1e6), (rFirst - t0) / 1e6, (rLast - t0) / 1e6, (pFirst - t0) / 1e6,
                    (pLast - t0) / 1e6));
        }
        Files.writeString(out.resolve("llhls-viewers-parts.csv"), csv);

        double wall = (t1 - t0) / 1e9;
        long ticks = Long.parseLong(a.getOrDefault("clock-ticks", "100"));
        double cpu = (after.cpuTicks() - before.cpuTicks()) / (double) ticks;
        long maxRss;
        synchronized (samples) {
            samples.add(after);
            maxRss = samples.stream().mapToLong(ProcSample::rssKb).max().orElse(0);
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d LL-HLS viewers of %sindex.m3u8 for %.0f s (joining over the first 5 s,"
                + " measured after them), %d selector threads, observer every %d ms; replay max lag %.1f ms%n%n",
                viewers, base, wall, threads, observerMs, replay.maxLagMs()));
        md.append("| viewers | reloads | parts | errors | MB delivered | server CPU (% of one core) | server RSS max MiB | "
                + "parts measured | p50 / p99 / max part spread first→last viewer ms | p50 / p99 / max reload answer "
                + "after first sight ms | p50 / p99 / max part delivered after first sight ms |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f | %.0f | %.0f | %d | %s | %s | %s |%n",
                viewers, reloads.get(), parts.get(), errors.get(), bytes.get() / 1e6, 100 * cpu / wall,
                maxRss / 1024.0, keys.size(), pct(spreadParts), pct(reloadAfterPub), pct(partAfterPub)));
        double clientCpu = (clientAfter.cpuTicks() - clientBefore.cpuTicks()) / (double) ticks;
        md.append(String.format(Locale.ROOT, "%nclient (this JVM: viewers + observer + publisher) CPU: %.0f %% of one "
                + "core; machine load average at the end: %s%n", 100 * clientCpu / wall,
                Files.readString(Path.of("/proc/loadavg")).trim()));
        md.append(String.format(Locale.ROOT, "%nreload spread first→last viewer ms (p50 / p99 / max): %s; observer "
                + "saw %d parts%n", pct(spreadReloads), observed.size()));
        if (!errorKinds.isEmpty()) {
            md.append("\nerrors: ").append(errorKinds).append('\n');
        }
        Files.writeString(out.resolve("llhls-viewers.md"), md);
        StringBuilder rss = new StringBuilder("seconds,cpu_ticks,rss_kb,processes\n");
        synchronized (samples) {
            for (ProcSample s : samples) {
                rss.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d%n", (s.nanos() - t0) / 1e9, s.cpuTicks(),
                        s.rssKb(), s.processes()));
            }
        }
        Files.writeString(out.resolve("llhls-viewers-server-samples.csv"), rss);
        System.out.print(md);
        System.exit(0);
    }

    private static String pct(List<Double> values) {
        if (values.isEmpty()) {
            return "–";
        }
        double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", s[(int) Math.ceil(s.length * 0.5) - 1],
                s[(int) Math.ceil(s.length * 0.99) - 1], s[s.length - 1]);
    }
}
