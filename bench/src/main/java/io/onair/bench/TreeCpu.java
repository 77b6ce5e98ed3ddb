package io.onair.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a process tree from /proc, split the way the transcoding benchmark needs it: the root's own time
 * (utime + stime: the JVM's threads, or the wrapper shell of a bare ffmpeg run), the time of its children that
 * already ended and were reaped (cutime + cstime: a transcoder ffmpeg that exited, Onair's thumbnail runs) and the
 * time of the descendants alive at the sample (their utime + stime + cutime + cstime), each by pid with its command
 * name and whether its command line holds {@code -filter_complex} (the transcoder, not a thumbnail run).
 * Clock ticks (CLK_TCK, 100 on Linux).
 */
record TreeCpu(long nanos, long selfTicks, long reapedTicks, Map<Long, Child> alive) {

    /** A live descendant: its command name, whether it is a transcoding ffmpeg, its ticks so far. */
    record Child(String comm, boolean transcoder, long ticks) {
    }

    long aliveTicks() {
        return alive.values().stream().mapToLong(Child::ticks).sum();
    }

    /** Everything the tree used so far: root, reaped children, live descendants. */
    long totalTicks() {
        return selfTicks + reapedTicks + aliveTicks();
    }

    boolean ffmpegAlive() {
        return alive.values().stream().anyMatch(c -> c.comm().startsWith("ffmpeg"));
    }

    static TreeCpu of(long pid) {
        long[] root = stat(pid);
        if (root == null) {
            throw new IllegalStateException("process " + pid + " is gone");
        }
        Map<Long, Child> alive = new LinkedHashMap<>();
        List<ProcessHandle> descendants = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(descendants::add));
        for (ProcessHandle d : descendants) {
            long[] s = stat(d.pid());
            if (s == null) {
                continue; // ended between listing and reading: its time is in its parent's cutime once reaped
            }
            String comm = read("/proc/" + d.pid() + "/comm").strip();
            boolean transcoder = read("/proc/" + d.pid() + "/cmdline").contains("-filter_complex");
            alive.put(d.pid(), new Child(comm, transcoder, s[0] + s[1] + s[2] + s[3]));
        }
        return new TreeCpu(System.nanoTime(), root[0] + root[1], root[2] + root[3], alive);
    }

    /** utime, stime, cutime, cstime (fields 14-17 of /proc/PID/stat), or null when the process is gone. */
    private static long[] stat(long pid) {
        String stat = read("/proc/" + pid + "/stat");
        if (stat.isEmpty()) {
            return null;
        }
        // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
            Long.parseLong(f[14])};
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
