package io.onair.bench;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.flv.FlvTag;
import io.onair.bench.rtmp.RtmpPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The cost of the live ladder: CPU time of a process tree while one 60 s real-time stream goes through it, sampled
 * from /proc every 200 ms ({@link TreeCpu}).
 *
 * <p>{@code measure} with {@code --flv}: the tree is a running Onair (the JVM and the ffmpeg it starts); the
 * harness publishes the file to it in real time and counts from just before the first tag to the moment, after
 * the stream ended, when no ffmpeg is left in the tree (their time is then in the JVM's cutime/cstime). Without
 * {@code --flv}: the tree is a shell that runs the bare ffmpeg command (started by {@code bench/run} just before);
 * counted from its start to its end. Each run writes {@code cost-<label>.csv} (the samples) and
 * {@code cost-<label>.properties} (the totals); {@code report} prints the markdown table from them.
 */
final class TranscodeCost {
    private static final long SAMPLE_NANOS = 200_000_000L;
    /** Threads are read every fifth sample (1 s): a transcoder's threads end before the last snapshot. */
    private static final int THREAD_SAMPLE_EVERY = 5;
    /** After the stream: at least this long, then until no ffmpeg is left (thumbnails, the transcoder's flush). */
    private static final long TAIL_MIN_NANOS = 3_000_000_000L;
    private static final long TAIL_MAX_NANOS = 30_000_000_000L;
    /** The steady window, in seconds after the start: past the JIT's and x264's start, before the end. */
    private static final int STEADY_FROM_S = 15;
    private static final int STEADY_TO_S = 55;

    private TranscodeCost() {
    }

    static void measure(Args args) throws Exception {
        String label = args.get("label");
        long pid = Long.parseLong(args.get("pid"));
        int clockTicks = args.integer("clock-ticks", 100);
        long durationMs = args.integer("duration", 60) * 1000L;
        Path out = Path.of(args.get("out"));
        Files.createDirectories(out);
        boolean publish = args.values().containsKey("flv");

        List<TreeCpu> samples = new ArrayList<>();
        Map<Long, Long> transcoderTicks = new HashMap<>(); // the highest ticks seen per transcoder ffmpeg pid
        long start;
        long firstTagNanos;
        double mediaSeconds;
        double replayLagMs = 0;
        TreeCpu base;
        Map<Long, Object[]> threadsAtBase = null;
        Map<Long, Object[]> threadsLastSeen = new HashMap<>(); // tid -> {name, ticks}: threads that end are kept
        if (publish) {
            FlvFile flv = FlvFile.read(Path.of(args.get("flv")));
            RtmpPublisher p = RtmpPublisher.publish("127.0.0.1", args.integer("rtmp-port"), "live", args.get("key"));
            RealTimeReplay replay = new RealTimeReplay(flv, List.of(p), durationMs);
            start = System.nanoTime() + 300_000_000L;
            long deadline = start + durationMs * 1_000_000 + 10_000_000_000L;
            Thread.sleep(Math.max(0, (start - System.nanoTime()) / 1_000_000 - 50));
            base = TreeCpu.of(pid);
            threadsAtBase = threads(pid);
            samples.add(base);
            firstTagNanos = start;
            Thread sender = Thread.ofPlatform().name("replay").start(() -> {
                try {
                    replay.run(start);
                    p.unpublish();
                } catch (IOException e) {
                    System.err.println("replay failed: " + e);
                }
            });
            sampleWhile(pid, sender::isAlive, start, deadline, samples, transcoderTicks, threadsLastSeen);
            sender.join(1000);
            p.close();
            replayLagMs = replay.maxLagMs();
            mediaSeconds = flv.tags().stream().mapToLong(FlvTag::timestampMs).filter(t -> t <= durationMs).max()
                    .orElse(0) / 1000.0;
        } else {
            // The shell was started just before us: count from its birth (its own start-up included).
            start = System.nanoTime();
            firstTagNanos = start;
            base = new TreeCpu(start, 0, 0, Map.of());
            samples.add(TreeCpu.of(pid));
            long deadline = start + durationMs * 1_000_000 + 60_000_000_000L;
            sampleWhile(pid, () -> TreeCpu.of(pid).ffmpegAlive(), start, deadline, samples, transcoderTicks, null);
            mediaSeconds = durationMs / 1000.0;
        }
        long tailStart = System.nanoTime();
        while (System.nanoTime() - tailStart < TAIL_MAX_NANOS) {
            TreeCpu s = sample(pid, samples, transcoderTicks);
            if (threadsAtBase != null) {
                threadsLastSeen.putAll(threads(pid)); // the transcoder's threads end while ffmpeg drains
            }
            if (!s.ffmpegAlive() && System.nanoTime() - tailStart >= (publish ? TAIL_MIN_NANOS : 0)) {
                break;
            }
            Thread.sleep(SAMPLE_NANOS / 1_000_000);
        }
        TreeCpu end = samples.getLast();
        if (threadsAtBase != null) {
            threadsLastSeen.putAll(threads(pid));
            writeThreads(out.resolve("cost-" + label + "-threads.csv"), threadsAtBase, threadsLastSeen, clockTicks);
        }
        if (end.ffmpegAlive()) {
            System.err.println(label + ": an ffmpeg was still running " + TAIL_MAX_NANOS / 1_000_000_000
                    + " s after the stream: its time so far is counted");
        }

        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("cost-" + label + ".csv")))) {
            w.println("elapsed_ms,total_ticks,self_ticks,reaped_children_ticks,alive_descendants_ticks,alive");
            for (TreeCpu s : samples) {
                w.printf(Locale.ROOT, "%d,%d,%d,%d,%d,%s%n", (s.nanos() - start) / 1_000_000, s.totalTicks(),
                        s.selfTicks(), s.reapedTicks(), s.aliveTicks(), s.alive().entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue().comm() + ":" + e.getValue().ticks())
                                .reduce((a, b) -> a + " " + b).orElse(""));
            }
        }
        double tick = 1.0 / clockTicks;
        TreeCpu from = at(samples, start + STEADY_FROM_S * 1_000_000_000L);
        TreeCpu to = at(samples, start + STEADY_TO_S * 1_000_000_000L);
        Properties props = new Properties();
        props.setProperty("label", label);
        props.setProperty("media_seconds", fmt(mediaSeconds));
        props.setProperty("wall_seconds", fmt((end.nanos() - firstTagNanos) / 1e9));
        props.setProperty("cpu_seconds", fmt((end.totalTicks() - base.totalTicks()) * tick));
        props.setProperty("root_cpu_seconds", fmt((end.selfTicks() - base.selfTicks()) * tick));
        props.setProperty("children_cpu_seconds", fmt((end.reapedTicks() + end.aliveTicks()
                - base.reapedTicks() - base.aliveTicks()) * tick));
        props.setProperty("transcoder_ffmpeg_cpu_seconds_last_seen",
                fmt(transcoderTicks.values().stream().mapToLong(Long::longValue).sum() * tick));
        props.setProperty("steady_window_seconds", fmt((to.nanos() - from.nanos()) / 1e9));
        props.setProperty("steady_cpu_seconds", fmt((to.totalTicks() - from.totalTicks()) * tick));
        props.setProperty("max_replay_lag_ms", fmt(replayLagMs));
        try (var w = Files.newBufferedWriter(out.resolve("cost-" + label + ".properties"))) {
            props.store(w, "bench transcode-cost " + label);
        }
        System.err.printf(Locale.ROOT, "%s: %s CPU-s over %s media-s%n", label, props.getProperty("cpu_seconds"),
                props.getProperty("media_seconds"));
    }

    private static void sampleWhile(long pid, java.util.function.BooleanSupplier cond, long start, long deadline,
            List<TreeCpu> samples, Map<Long, Long> transcoderTicks, Map<Long, Object[]> threadsLastSeen)
            throws InterruptedException {
        int n = 0;
        for (long t = start + SAMPLE_NANOS; cond.getAsBoolean() && System.nanoTime() < deadline; t += SAMPLE_NANOS) {
            long wait = t - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            sample(pid, samples, transcoderTicks);
            if (threadsLastSeen != null && ++n % THREAD_SAMPLE_EVERY == 0) {
                threadsLastSeen.putAll(threads(pid));
            }
        }
    }

    private static TreeCpu sample(long pid, List<TreeCpu> samples, Map<Long, Long> transcoderTicks) {
        TreeCpu s = TreeCpu.of(pid);
        samples.add(s);
        s.alive().forEach((p, c) -> {
            if (c.transcoder()) {
                transcoderTicks.merge(p, c.ticks(), Math::max);
            }
        });
        return s;
    }

    /** The first sample at or after {@code nanos} (the last one if none). */
    private static TreeCpu at(List<TreeCpu> samples, long nanos) {
        return samples.stream().filter(s -> s.nanos() >= nanos).findFirst().orElse(samples.getLast());
    }

    /** The root's threads: tid -> {name, utime + stime ticks} (/proc/PID/task/TID/stat). */
    private static Map<Long, Object[]> threads(long pid) {
        Map<Long, Object[]> m = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path d : dirs.toList()) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.put(Long.parseLong(d.getFileName().toString()),
                            new Object[] {name, Long.parseLong(f[11]) + Long.parseLong(f[12])});
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return m;
    }

    /**
     * CPU-s per thread group (the OS thread name with digits as '#': "C2 CompilerThre#", "GC Thread##",
     * "ForkJoinPool-#-w" for virtual threads' carriers…) from the first snapshot to the last sight of each thread
     * (every {@link #THREAD_SAMPLE_EVERY} samples during the stream, every sample after it): a thread that ended in
     * between (a transcoder's per-run threads) counts up to its last sample, at most a second short.
     */
    private static void writeThreads(Path file, Map<Long, Object[]> base, Map<Long, Object[]> end, int clockTicks)
            throws IOException {
        Map<String, Long> groups = new java.util.TreeMap<>();
        end.forEach((tid, e) -> {
            Object[] b = base.get(tid);
            long ticks = (long) e[1] - (b == null ? 0 : (long) b[1]);
            groups.merge(((String) e[0]).replaceAll("[0-9]", "#"), ticks, Long::sum);
        });
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("thread_group,cpu_seconds");
            groups.forEach((g, t) -> w.printf(Locale.ROOT, "%s,%.2f%n", g.replace(',', ' '), t / (double) clockTicks));
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The markdown table of a directory's cost-*.properties: onair-on, onair-off, ffmpeg-hls, ffmpeg-null. */
    static void report(Args args) throws IOException {
        Path out = Path.of(args.get("out"));
        Map<String, Properties> runs = new HashMap<>();
        for (String label : List.of("onair-on", "onair-off", "ffmpeg-hls", "ffmpeg-null")) {
            Properties p = load(out.resolve("cost-" + label + ".properties"));
            if (p != null) {
                runs.put(label, p);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("| run | media s | wall s | CPU-s | CPU-s per media-s | root process CPU-s | child processes CPU-s "
                + "| steady 15-55 s: CPU-s per s |\n|---|---|---|---|---|---|---|---|\n");
        for (String label : List.of("onair-on", "onair-off", "ffmpeg-hls", "ffmpeg-null")) {
            Properties p = runs.get(label);
            if (p == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.4f | %.2f | %.2f | %.4f |%n",
                    label, d(p, "media_seconds"), d(p, "wall_seconds"), d(p, "cpu_seconds"), perMedia(p),
                    d(p, "root_cpu_seconds"), d(p, "children_cpu_seconds"),
                    d(p, "steady_cpu_seconds") / d(p, "steady_window_seconds")));
        }
        Properties on = runs.get("onair-on");
        Properties off = runs.get("onair-off");
        if (on != null && off != null) {
            Ladder split = Ladder.of(on, off);
            double ladder = split.total();
            double jvm = split.jvm();
            double ffmpeg = split.ffmpeg();
            double steady = d(on, "steady_cpu_seconds") / d(on, "steady_window_seconds")
                    - d(off, "steady_cpu_seconds") / d(off, "steady_window_seconds");
            md.append(String.format(Locale.ROOT, "%nOnair's ladder (onair-on - onair-off): %.4f CPU-s per media-s "
                    + "(JVM %.4f + its ffmpeg children %.4f; transcoder ffmpeg alone, last seen: %.4f); steady "
                    + "15-55 s: %.4f%n", ladder, jvm, ffmpeg,
                    d(on, "transcoder_ffmpeg_cpu_seconds_last_seen") / d(on, "media_seconds"), steady));
            for (String bare : List.of("ffmpeg-hls", "ffmpeg-null")) {
                Properties b = runs.get(bare);
                if (b != null) {
                    double bs = d(b, "steady_cpu_seconds") / d(b, "steady_window_seconds");
                    md.append(String.format(Locale.ROOT, "- ladder / %s: **%.3f x** (whole run; goal at most "
                            + "1.05); ffmpeg side alone %.3f x; steady 15-55 s %.3f x%n", bare,
                            ladder / perMedia(b), ffmpeg / perMedia(b), steady / bs));
                }
            }
        }
        Map<String, Double> tOn = threadCsv(out.resolve("cost-onair-on-threads.csv"));
        Map<String, Double> tOff = threadCsv(out.resolve("cost-onair-off-threads.csv"));
        if (!tOn.isEmpty() && !tOff.isEmpty()) {
            md.append("\nJVM threads, CPU-s over the run (on / off / difference), the largest differences:\n\n"
                    + "| thread group | on | off | on - off |\n|---|---|---|---|\n");
            java.util.Set<String> names = new java.util.HashSet<>(tOn.keySet());
            names.addAll(tOff.keySet());
            names.stream().sorted(java.util.Comparator.comparingDouble(
                    (String n) -> -Math.abs(tOn.getOrDefault(n, 0.0) - tOff.getOrDefault(n, 0.0)))).limit(8)
                    .forEach(n -> md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %+.2f |%n", n,
                            tOn.getOrDefault(n, 0.0), tOff.getOrDefault(n, 0.0),
                            tOn.getOrDefault(n, 0.0) - tOff.getOrDefault(n, 0.0))));
        }
        Files.writeString(out.resolve("transcode-cost.md"), md);
        System.out.print(md);
    }

    /**
     * The rounds of one run side by side ({@code round-N/} under {@code --out}, each with its own onair-on,
     * onair-off and ffmpeg-hls measurements, the on and bare streams of a round one after the other): per round the
     * ladder (on - off) over the bare command, then the median of the rounds' ratios and the pooled ratio (all the
     * rounds' ladder CPU over all their bare CPU). One stream's ffmpeg CPU moves by 5-10 % from one run to the next
     * on this kind of machine (docs/benchmarks.md, section 6), more than the difference being measured; rounds close
     * together in time and a median see through that.
     */
    static void rounds(Args args) throws IOException {
        Path out = Path.of(args.get("out"));
        int rounds = args.integer("rounds");
        StringBuilder md = new StringBuilder("| round | ladder CPU-s per media-s | of which JVM | of which ffmpeg "
                + "| bare ffmpeg -> HLS | ladder / bare | ffmpeg side alone / bare |\n|---|---|---|---|---|---|---|\n");
        List<Double> ratios = new ArrayList<>();
        double ladderSum = 0;
        double bareSum = 0;
        double jvmSum = 0;
        double ffmpegSum = 0;
        for (int r = 1; r <= rounds; r++) {
            Path dir = out.resolve("round-" + r);
            Properties on = load(dir.resolve("cost-onair-on.properties"));
            Properties off = load(dir.resolve("cost-onair-off.properties"));
            Properties bare = load(dir.resolve("cost-ffmpeg-hls.properties"));
            if (on == null || off == null || bare == null) {
                md.append("| ").append(r).append(" | (incomplete) | | | | | |\n");
                continue;
            }
            Ladder split = Ladder.of(on, off);
            double ladder = split.total();
            double jvm = split.jvm();
            double ffmpeg = split.ffmpeg();
            double b = perMedia(bare);
            ratios.add(ladder / b);
            ladderSum += ladder;
            bareSum += b;
            jvmSum += jvm;
            ffmpegSum += ffmpeg;
            md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.4f | %.4f | %.3f x | %.3f x |%n", r, ladder,
                    jvm, ffmpeg, b, ladder / b, ffmpeg / b));
        }
        if (!ratios.isEmpty()) {
            List<Double> sorted = ratios.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            md.append(String.format(Locale.ROOT, "%nladder / bare ffmpeg -> HLS over %d rounds: median **%.3f x**, "
                    + "pooled %.3f x, range %.3f-%.3f x (goal at most 1.05); the JVM's share of the ladder %.1f %%, "
                    + "the ffmpeg side alone / bare (pooled) %.3f x%n", n, median, ladderSum / bareSum,
                    sorted.getFirst(), sorted.getLast(), 100 * jvmSum / ladderSum, ffmpegSum / bareSum));
        }
        Files.writeString(out.resolve("transcode-cost-rounds.md"), md);
        System.out.print(md);
    }

    /**
     * The ladder's CPU per media-s, onair-on minus onair-off: in all, in the JVM (the root process) and in its ffmpeg
     * children.
     */
    private record Ladder(double total, double jvm, double ffmpeg) {
        static Ladder of(Properties on, Properties off) {
            double media = d(on, "media_seconds");
            return new Ladder(perMedia(on) - perMedia(off),
                    (d(on, "root_cpu_seconds") - d(off, "root_cpu_seconds")) / media,
                    (d(on, "children_cpu_seconds") - d(off, "children_cpu_seconds")) / media);
        }
    }

    private static Properties load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    private static Map<String, Double> threadCsv(Path file) throws IOException {
        Map<String, Double> m = new HashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                int comma = line.lastIndexOf(',');
                m.put(line.substring(0, comma), Double.parseDouble(line.substring(comma + 1)));
            }
        }
        return m;
    }

    private static double perMedia(Properties p) {
        return d(p, "cpu_seconds") / d(p, "media_seconds");
    }

    private static double d(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key, "NaN"));
    }
}
