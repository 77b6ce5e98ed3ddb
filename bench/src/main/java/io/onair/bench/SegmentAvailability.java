package io.onair.bench;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.flv.FlvTag;
import io.onair.bench.rtmp.RtmpPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segment availability: from the arrival at the server of the keyframe that closes a segment to that segment's
 * listing in the media playlist. One publisher loop feeds Onair and nginx-rtmp the same tags; one poller per
 * server fetches its media playlist every 5 ms ({@code --poll-ms}). A segment is mapped to its closing keyframe by
 * media time: it ends at the first segment's start plus the EXTINF durations so far, snapped to the nearest
 * keyframe (within 250 ms).
 * Segments already listed in a poller's first successful fetch are left out: their listing time is unknown.
 *
 * <p>With {@code --nginx-hls-dir}, the same segments are also timed without a poll period, in the same run: Onair's
 * through blocking playlist reload, nginx-rtmp's through inotify on its playlist ({@link ListingWatcher}). A poll
 * finds a listing up to one period late, which at 5 ms is as large as what is measured.
 */
final class SegmentAvailability {
    /** The default poll period: 5 ms, so a listing is seen at most 5 ms + one round trip late. */
    private static final int DEFAULT_POLL_MS = 5;
    /** EXTINF is rounded (nginx-rtmp: 3 decimals); a segment end must land this close to a keyframe to match it. */
    private static final double MATCH_TOLERANCE_MS = 250;
    /** After the last tag: time for the last segment to be listed before the pollers stop. */
    private static final long TAIL_NANOS = 5_000_000_000L;

    record Server(String label, String host, int rtmpPort, String app, String streamName, URI playlist) {
    }

    /**
     * One segment: latency is measured to the arrival of the first poll answer listing it (an upper bound); the
     * listing happened after {@code lowerBoundMs} (the send time of the poll before, which did not list it).
     */
    record Row(long sequence, double extinf, long keyframeMs, double sentMs, double listedMs, double latencyMs,
            double lowerBoundMs) {
    }

    static void run(Args args) throws Exception {
        FlvFile flv = FlvFile.read(Path.of(args.get("flv")));
        long durationMs = args.integer("duration", 60) * 1000L;
        long pollNanos = args.integer("poll-ms", DEFAULT_POLL_MS) * 1_000_000L;
        Path out = Path.of(args.get("out"));
        Files.createDirectories(out);
        String nginxStream = args.get("nginx-stream", "bench");
        List<Server> servers = List.of(
                new Server("onair", "127.0.0.1", args.integer("onair-rtmp"), "live", args.get("onair-key"),
                        URI.create("http://127.0.0.1:" + args.integer("onair-http") + "/live/"
                                + args.get("onair-channel", "bench") + "/master.m3u8")),
                new Server("nginx-rtmp", "127.0.0.1", args.integer("nginx-rtmp"), "live", nginxStream,
                        URI.create("http://127.0.0.1:" + args.integer("nginx-http") + "/hls/" + nginxStream
                                + ".m3u8")));

        long uplinkKbps = args.integer("uplink-kbps", 0);
        List<RtmpPublisher> publishers = new ArrayList<>();
        for (Server s : servers) {
            publishers.add(RtmpPublisher.publish(s.host(), s.rtmpPort(), s.app(), s.streamName(),
                    uplinkKbps * 1000));
        }
        // Unpaced, one loop feeds both servers back to back (alternating who is first); behind an uplink each
        // publisher has its own loop and its own link, as two encoders would, so neither waits for the other's.
        List<RealTimeReplay> replays = uplinkKbps > 0
                ? publishers.stream().map(p -> new RealTimeReplay(flv, List.of(p), durationMs)).toList()
                : List.of(new RealTimeReplay(flv, publishers, durationMs));
        java.util.function.IntFunction<Map<Long, Long>> sent = i -> replays.size() == 1
                ? replays.getFirst().keyframeSentNanos(i) : replays.get(i).keyframeSentNanos(0);
        // The wake-up floor (loopback only: behind an uplink a keyframe is sent when its last byte is, not comparable).
        WakeFloor floor = args.values().containsKey("floor") && uplinkKbps == 0 ? WakeFloor.start() : null;
        long start = System.nanoTime() + 200_000_000L;
        long deadline = start + durationMs * 1_000_000 + TAIL_NANOS;
        List<Thread> senders = new ArrayList<>();
        for (RealTimeReplay replay : replays) {
            senders.add(Thread.ofPlatform().name("replay").start(() -> {
                try {
                    replay.run(start, floor);
                } catch (IOException e) {
                    System.err.println("replay failed: " + e);
                }
            }));
        }

        // Each poller finds its media playlist (Onair's is named by its master playlist) and polls it from then on.
        List<PlaylistPoller> pollers = new ArrayList<>();
        List<Thread> pollerThreads = new ArrayList<>();
        for (Server s : servers) {
            PlaylistPoller p = new PlaylistPoller(s.label(), s.playlist(), pollNanos, deadline);
            pollers.add(p);
            pollerThreads.add(Thread.ofPlatform().name("poll " + s.label()).start(p));
        }
        List<ListingWatcher> watchers = new ArrayList<>();
        if (args.values().containsKey("nginx-hls-dir")) {
            watchers.add(new BlockingReloadWatcher("onair", servers.get(0).playlist(), deadline));
            watchers.add(new DirectoryWatcher("nginx-rtmp",
                    Path.of(args.get("nginx-hls-dir")).resolve(nginxStream + ".m3u8"), deadline));
            for (ListingWatcher w : watchers) {
                pollerThreads.add(Thread.ofPlatform().name("watch " + w.label()).start(w));
            }
        }
        for (Thread sender : senders) {
            sender.join();
        }
        for (RtmpPublisher p : publishers) {
            try {
                p.unpublish();
            } catch (IOException e) {
                System.err.println(p.name() + ": unpublish failed: " + e);
            }
        }
        for (Thread t : pollerThreads) {
            t.join();
        }
        for (RtmpPublisher p : publishers) {
            p.close();
        }
        if (floor != null) {
            floor.close();
        }

        List<Long> keyframes = flv.tags().stream().filter(FlvTag::isVideoKeyframe).map(FlvTag::timestampMs).toList();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Segment availability: %d s of %s replayed in real time to both servers "
                + "(max replay lag %.1f ms)%s, playlists polled every %d ms.%n%n", durationMs / 1000,
                args.get("flv"), replays.stream().mapToDouble(RealTimeReplay::maxLagMs).max().orElse(0),
                uplinkKbps > 0 ? ", each publisher behind its own " + uplinkKbps + " kbit/s uplink (a keyframe is"
                        + " sent when its last byte was written)" : "", pollNanos / 1_000_000));
        md.append("| server | segments | median ms | p90 ms | max ms | min ms | median lower bound ms "
                + "| poll round trip median / max ms |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        List<Stats> stats = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            PlaylistPoller p = pollers.get(i);
            List<Row> rows = rows(p.listings(), keyframes, sent.apply(i), start);
            writeCsv(out.resolve("segment-availability-" + p.label() + ".csv"), p, rows);
            Stats s = Stats.of(rows.stream().map(Row::latencyMs).toList());
            Stats lower = Stats.of(rows.stream().map(Row::lowerBoundMs).toList());
            Stats rtt = Stats.of(p.roundTripsMs());
            stats.add(s);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s / %s |%n", p.label(),
                    s.count(), Stats.ms(s.median()), Stats.ms(s.p90()), Stats.ms(s.max()), Stats.ms(s.min()),
                    Stats.ms(lower.median()), Stats.ms(rtt.median()), Stats.ms(rtt.max())));
        }
        md.append(String.format(Locale.ROOT, "%nOnair / nginx-rtmp: median %.2f, max %.2f (goal: at most 0.5)%n",
                stats.get(0).median() / stats.get(1).median(), stats.get(0).max() / stats.get(1).max()));
        if (!watchers.isEmpty()) {
            md.append("\nWithout a poll period (Onair: blocking playlist reload, answer arrival; nginx-rtmp: inotify on "
                    + "its playlist, file read):\n\n");
            md.append("| server | segments | median ms | p90 ms | max ms | min ms | empty wake-ups |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            List<Stats> event = new ArrayList<>();
            for (int i = 0; i < watchers.size(); i++) {
                ListingWatcher w = watchers.get(i);
                List<Row> rows = rows(w.listings(), keyframes, sent.apply(i), start);
                writeRows(out.resolve("segment-availability-" + w.label() + "-event.csv"),
                        "# " + w.label() + " event-driven, empty wake-ups=" + w.emptyWakeUps(), rows, w.listings());
                Stats s = Stats.of(rows.stream().map(Row::latencyMs).toList());
                event.add(s);
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d |%n", w.label(), s.count(),
                        Stats.ms(s.median()), Stats.ms(s.p90()), Stats.ms(s.max()), Stats.ms(s.min()),
                        w.emptyWakeUps()));
            }
            if (floor != null) {
                Stats s = Stats.of(floor.latenciesMs());
                md.append(String.format(Locale.ROOT, "| floor: one byte through a C relay (socat) | %d | %s | %s | %s"
                        + " | %s | |%n", s.count(), Stats.ms(s.median()), Stats.ms(s.p90()), Stats.ms(s.max()),
                        Stats.ms(s.min())));
                md.append(String.format(Locale.ROOT, "%nThe floor (a process woken by a keyframe's bytes wakes a "
                        + "client) is %.2f of nginx-rtmp's median: no server can list a segment in less, here.%n",
                        s.median() / event.get(1).median()));
            }
            md.append(String.format(Locale.ROOT, "%nOnair / nginx-rtmp without polls: median %.2f, max %.2f "
                    + "(goal: at most 0.5)%n", event.get(0).median() / event.get(1).median(),
                    event.get(0).max() / event.get(1).max()));
        }
        Files.writeString(out.resolve("segment-availability.md"), md);
        System.out.print(md);
    }

    /** Maps each listed segment to the keyframe that closed it; the first segment and unmatched ones are left out. */
    static List<Row> rows(List<PlaylistPoller.Listing> listings, List<Long> keyframes, Map<Long, Long> sent,
            long startNanos) {
        List<Row> rows = new ArrayList<>();
        if (listings.isEmpty() || keyframes.isEmpty()) {
            return rows;
        }
        double segmentStart = keyframes.getFirst();
        long expected = listings.getFirst().sequence();
        for (PlaylistPoller.Listing l : listings) {
            if (l.sequence() != expected) {
                break; // a gap (a segment listed and gone between two polls): media time is lost from here on
            }
            expected++;
            double end = segmentStart + l.duration() * 1000;
            long nearest = nearest(keyframes, end);
            boolean matched = Math.abs(nearest - end) <= MATCH_TOLERANCE_MS && nearest > segmentStart
                    && sent.containsKey(nearest);
            if (matched && !l.inFirstFetch()) {
                double sentMs = (sent.get(nearest) - startNanos) / 1e6;
                double listedMs = (l.listedAtNanos() - startNanos) / 1e6;
                double notYetMs = (l.notYetAtNanos() - startNanos) / 1e6;
                rows.add(new Row(l.sequence(), l.duration(), nearest, sentMs, listedMs, listedMs - sentMs,
                        Math.max(0, notYetMs - sentMs)));
            }
            segmentStart = matched ? nearest : end; // re-anchor on the keyframe: EXTINF rounding does not add up
        }
        return rows;
    }

    private static long nearest(List<Long> sorted, double t) {
        long best = sorted.getFirst();
        for (long k : sorted) {
            if (Math.abs(k - t) < Math.abs(best - t)) {
                best = k;
            }
        }
        return best;
    }

    private static void writeCsv(Path file, PlaylistPoller p, List<Row> rows) throws IOException {
        writeRows(file, String.format("# %s %s polls=%d failed=%d", p.label(), p.playlist(), p.polls(),
                p.failures()), rows, p.listings());
    }

    private static void writeRows(Path file, String header, List<Row> rows, List<PlaylistPoller.Listing> listings)
            throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println(header);
            w.println("sequence,extinf_s,closing_keyframe_ms,keyframe_sent_ms,listed_ms,latency_ms,lower_bound_ms");
            for (Row r : rows) {
                w.printf(Locale.ROOT, "%d,%.3f,%d,%.3f,%.3f,%.3f,%.3f%n", r.sequence(), r.extinf(), r.keyframeMs(),
                        r.sentMs(), r.listedMs(), r.latencyMs(), r.lowerBoundMs());
            }
            w.println("# every listing: sequence,extinf_s,uri,listed_ms");
            for (PlaylistPoller.Listing l : listings) {
                w.printf(Locale.ROOT, "# %d,%.3f,%s%n", l.sequence(), l.duration(), l.uri());
            }
        }
    }
}
