package io.onair.bench;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.rtmp.RtmpPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Added latency of the transcoded renditions over passthrough: one stream is published to Onair in real time; once
 * its master playlist lists the transcoded variants, one poller per variant (source and each transcoded rung)
 * fetches that media playlist every 5 ms ({@code --poll-ms}) on its own keep-alive connection and records when each
 * segment (EXTINF + URI) and each LL-HLS part ({@code #EXT-X-PART}) first appeared (the arrival of the first answer
 * listing it). For each media sequence number listed by both, added latency = rendition listing time - source
 * listing time. Segments already in a poller's first answer are left out (their listing time is unknown).
 */
final class TranscodeLatency {
    private static final long TAIL_NANOS = 5_000_000_000L;

    /** A first appearance: arrival of the answer listing it, send time of the poll before (which did not). */
    record Seen(long listedNanos, long notYetNanos, boolean firstFetch, double duration) {
    }

    /** Polls one media playlist; records first appearances of segments (key: sequence) and parts ("msn.k"). */
    static final class Poller implements Runnable {
        final String name;
        final URI playlist;
        final long periodNanos;
        final long deadlineNanos;
        final Map<Long, Seen> segments = new ConcurrentHashMap<>();
        final Map<String, Seen> parts = new ConcurrentHashMap<>();
        final List<Double> roundTripsMs = new ArrayList<>();
        volatile int polls;
        volatile int failures;

        Poller(String name, URI playlist, long periodNanos, long deadlineNanos) {
            this.name = name;
            this.playlist = playlist;
            this.periodNanos = periodNanos;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void run() {
            Http http = new Http();
            try {
                long next = System.nanoTime();
                long previousSent = -1;
                boolean first = true;
                while (next < deadlineNanos) {
                    long sent = System.nanoTime();
                    Optional<String> text = http.text(playlist);
                    long arrived = System.nanoTime();
                    polls++;
                    if (text.isEmpty()) {
                        failures++;
                    } else {
                        synchronized (roundTripsMs) {
                            roundTripsMs.add((arrived - sent) / 1e6);
                        }
                        record(text.get(), arrived, previousSent, first);
                        first = false;
                    }
                    previousSent = sent;
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        next = System.nanoTime();
                    }
                }
            } finally {
                http.close();
            }
        }

        private void record(String text, long arrived, long previousSent, boolean first) {
            for (MediaPlaylist.Segment s : MediaPlaylist.parse(text).segments()) {
                segments.putIfAbsent(s.sequence(), new Seen(arrived, previousSent, first, s.duration()));
            }
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (line.startsWith("#EXT-X-PART:")) {
                    int u = line.indexOf("URI=\"");
                    if (u >= 0) {
                        String uri = line.substring(u + 5, line.indexOf('"', u + 5));
                        // "<msn>.<k>.m4s" (or .ts): the part's key is "<msn>.<k>", the same in every rendition
                        String key = uri.substring(uri.lastIndexOf('/') + 1);
                        int dot = key.lastIndexOf('.');
                        key = dot > 0 ? key.substring(0, dot) : key;
                        parts.putIfAbsent(key, new Seen(arrived, previousSent, first, 0));
                    }
                }
            }
        }
    }

    private TranscodeLatency() {
    }

    static void run(Args args) throws Exception {
        FlvFile flv = FlvFile.read(Path.of(args.get("flv")));
        long durationMs = args.integer("duration", 60) * 1000L;
        long pollNanos = args.integer("poll-ms", 5) * 1_000_000L;
        int expectTranscoded = args.integer("renditions", 2);
        Path out = Path.of(args.get("out"));
        Files.createDirectories(out);
        URI master = URI.create("http://127.0.0.1:" + args.integer("http-port") + "/live/"
                + args.get("channel", "bench") + "/master.m3u8");

        RtmpPublisher publisher = RtmpPublisher.publish("127.0.0.1", args.integer("rtmp-port"), "live",
                args.get("key"));
        RealTimeReplay replay = new RealTimeReplay(flv, List.of(publisher), durationMs);
        long start = System.nanoTime() + 200_000_000L;
        long deadline = start + durationMs * 1_000_000 + TAIL_NANOS;
        Thread sender = Thread.ofPlatform().name("replay").start(() -> {
            try {
                replay.run(start);
            } catch (IOException e) {
                System.err.println("replay failed: " + e);
            }
        });

        // The variants: wait (bounded) until the master playlist lists the source and the transcoded rungs.
        Map<String, URI> variants = new LinkedHashMap<>();
        Http http = new Http();
        long masterFound = -1;
        while (System.nanoTime() < start + 30_000_000_000L) {
            Optional<String> text = http.text(master);
            if (text.isPresent()) {
                variants.clear();
                boolean next = false;
                for (String raw : text.get().split("\n")) {
                    String line = raw.strip();
                    if (line.startsWith("#EXT-X-STREAM-INF") && line.contains("RESOLUTION=")) {
                        next = true; // a video variant (the audio-only one has no RESOLUTION)
                    } else if (next && !line.isEmpty() && !line.startsWith("#")) {
                        variants.put(line.substring(0, line.indexOf('/')), master.resolve(line));
                        next = false;
                    }
                }
                if (variants.containsKey("source") && variants.size() >= 1 + expectTranscoded) {
                    masterFound = System.nanoTime();
                    Files.writeString(out.resolve("master.m3u8"), text.get());
                    break;
                }
            }
            Thread.sleep(20);
        }
        http.close();
        if (masterFound < 0) {
            sender.join();
            publisher.close();
            throw new IllegalStateException("the master playlist did not list the source and " + expectTranscoded
                    + " transcoded variants within 30 s: " + variants.keySet());
        }
        List<Poller> pollers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<String, URI> v : variants.entrySet()) {
            Poller p = new Poller(v.getKey(), v.getValue(), pollNanos, deadline);
            pollers.add(p);
            threads.add(Thread.ofPlatform().name("poll " + v.getKey()).start(p));
        }
        sender.join();
        publisher.unpublish();
        for (Thread t : threads) {
            t.join();
        }
        publisher.close();

        Poller source = pollers.stream().filter(p -> p.name.equals("source")).findFirst().orElseThrow();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Added latency of transcoded renditions over passthrough: %d s of %s "
                + "replayed in real time (max replay lag %.1f ms); media playlists polled every %d ms; master listed "
                + "the renditions %.1f s after the first tag.%n%n", durationMs / 1000, args.get("flv"),
                replay.maxLagMs(), pollNanos / 1_000_000, (masterFound - start) / 1e9));
        md.append("| rendition | what | compared | median ms | p90 ms | max ms | min ms | duration mismatches "
                + "| poll round trip median / max ms |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Poller p : pollers) {
            if (p == source) {
                continue;
            }
            List<Double> seg = new ArrayList<>();
            int mismatches = 0;
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("latency-" + p.name + ".csv")))) {
                w.printf("# %s vs source; polls %d (failed %d) / %d (failed %d)%n", p.name, p.polls, p.failures,
                        source.polls, source.failures);
                w.println("kind,key,source_listed_ms,rendition_listed_ms,added_ms,source_extinf_s,rendition_extinf_s");
                for (var e : new java.util.TreeMap<>(p.segments).entrySet()) {
                    Seen r = e.getValue();
                    Seen s = source.segments.get(e.getKey());
                    if (s == null || s.firstFetch() || r.firstFetch()) {
                        continue;
                    }
                    double added = (r.listedNanos() - s.listedNanos()) / 1e6;
                    seg.add(added);
                    mismatches += Math.abs(r.duration() - s.duration()) > 0.0005 ? 1 : 0;
                    w.printf(Locale.ROOT, "segment,%d,%.3f,%.3f,%.3f,%.3f,%.3f%n", e.getKey(),
                            (s.listedNanos() - start) / 1e6, (r.listedNanos() - start) / 1e6, added, s.duration(),
                            r.duration());
                }
                List<Double> part = new ArrayList<>();
                for (var e : new java.util.TreeMap<>(p.parts).entrySet()) {
                    Seen r = e.getValue();
                    Seen s = source.parts.get(e.getKey());
                    if (s == null || s.firstFetch() || r.firstFetch()) {
                        continue;
                    }
                    double added = (r.listedNanos() - s.listedNanos()) / 1e6;
                    part.add(added);
                    w.printf(Locale.ROOT, "part,%s,%.3f,%.3f,%.3f,,%n", e.getKey(), (s.listedNanos() - start) / 1e6,
                            (r.listedNanos() - start) / 1e6, added);
                }
                Stats rtt = Stats.of(p.roundTripsMs);
                Stats srtt = Stats.of(source.roundTripsMs);
                row(md, p.name, "segment", Stats.of(seg), Integer.toString(mismatches), rtt, srtt);
                row(md, p.name, "LL-HLS part", Stats.of(part), "", rtt, srtt);
            }
        }
        Files.writeString(out.resolve("transcode-latency.md"), md);
        System.out.print(md);
    }

    private static void row(StringBuilder md, String name, String what, Stats s, String mismatches, Stats rtt,
            Stats srtt) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s / %s (source %s / %s) |%n",
                name, what, s.count(), Stats.ms(s.median()), Stats.ms(s.p90()), Stats.ms(s.max()), Stats.ms(s.min()),
                mismatches, Stats.ms(rtt.median()), Stats.ms(rtt.max()), Stats.ms(srtt.median()),
                Stats.ms(srtt.max())));
    }
}
