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
        List<PlaylistPoller> pollers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<String, URI> v : variants.entrySet()) {
            PlaylistPoller p = new PlaylistPoller(v.getKey(), v.getValue(), pollNanos, deadline);
            pollers.add(p);
            threads.add(Thread.ofPlatform().name("poll " + v.getKey()).start(p));
        }
        sender.join();
        publisher.unpublish();
        for (Thread t : threads) {
            t.join();
        }
        publisher.close();

        PlaylistPoller source = pollers.stream().filter(p -> p.label().equals("source")).findFirst().orElseThrow();
        Map<Long, PlaylistPoller.Listing> sourceSegments = bySequence(source);
        Map<String, PlaylistPoller.PartListing> sourceParts = source.parts();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Added latency of transcoded renditions over passthrough: %d s of %s "
                + "replayed in real time (max replay lag %.1f ms); media playlists polled every %d ms; master listed "
                + "the renditions %.1f s after the first tag.%n%n", durationMs / 1000, args.get("flv"),
                replay.maxLagMs(), pollNanos / 1_000_000, (masterFound - start) / 1e9));
        md.append("| rendition | what | compared | median ms | p90 ms | max ms | min ms | duration mismatches "
                + "| poll round trip median / max ms |\n|---|---|---|---|---|---|---|---|---|\n");
        for (PlaylistPoller p : pollers) {
            if (p == source) {
                continue;
            }
            List<Double> seg = new ArrayList<>();
            int mismatches = 0;
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("latency-" + p.label() + ".csv")))) {
                w.printf("# %s vs source; polls %d (failed %d) / %d (failed %d)%n", p.label(), p.polls(),
                        p.failures(), source.polls(), source.failures());
                w.println("kind,key,source_listed_ms,rendition_listed_ms,added_ms,source_extinf_s,rendition_extinf_s");
                for (PlaylistPoller.Listing r : p.listings()) {
                    PlaylistPoller.Listing s = sourceSegments.get(r.sequence());
                    if (s == null || s.inFirstFetch() || r.inFirstFetch()) {
                        continue;
                    }
                    double added = (r.listedAtNanos() - s.listedAtNanos()) / 1e6;
                    seg.add(added);
                    mismatches += Math.abs(r.duration() - s.duration()) > 0.0005 ? 1 : 0;
                    w.printf(Locale.ROOT, "segment,%d,%.3f,%.3f,%.3f,%.3f,%.3f%n", r.sequence(),
                            (s.listedAtNanos() - start) / 1e6, (r.listedAtNanos() - start) / 1e6, added, s.duration(),
                            r.duration());
                }
                List<Double> part = new ArrayList<>();
                for (PlaylistPoller.PartListing r : new java.util.TreeMap<>(p.parts()).values()) {
                    PlaylistPoller.PartListing s = sourceParts.get(r.key());
                    if (s == null || s.inFirstFetch() || r.inFirstFetch()) {
                        continue;
                    }
                    double added = (r.listedAtNanos() - s.listedAtNanos()) / 1e6;
                    part.add(added);
                    w.printf(Locale.ROOT, "part,%s,%.3f,%.3f,%.3f,,%n", r.key(), (s.listedAtNanos() - start) / 1e6,
                            (r.listedAtNanos() - start) / 1e6, added);
                }
                Stats rtt = Stats.of(p.roundTripsMs());
                Stats srtt = Stats.of(source.roundTripsMs());
                row(md, p.label(), "segment", Stats.of(seg), Integer.toString(mismatches), rtt, srtt);
                row(md, p.label(), "LL-HLS part", Stats.of(part), "", rtt, srtt);
            }
        }
        Files.writeString(out.resolve("transcode-latency.md"), md);
        System.out.print(md);
    }

    private static Map<Long, PlaylistPoller.Listing> bySequence(PlaylistPoller p) {
        Map<Long, PlaylistPoller.Listing> m = new java.util.HashMap<>();
        p.listings().forEach(l -> m.put(l.sequence(), l));
        return m;
    }

    private static void row(StringBuilder md, String name, String what, Stats s, String mismatches, Stats rtt,
            Stats srtt) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s / %s (source %s / %s) |%n",
                name, what, s.count(), Stats.ms(s.median()), Stats.ms(s.p90()), Stats.ms(s.max()), Stats.ms(s.min()),
                mismatches, Stats.ms(rtt.median()), Stats.ms(rtt.max()), Stats.ms(srtt.median()),
                Stats.ms(srtt.max())));
    }
}
