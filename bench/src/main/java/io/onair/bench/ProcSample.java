package io.onair.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and memory of a server process and its descendants (nginx: master and workers; Onair: the JVM and the
 * ffmpeg it runs), read from /proc: utime + stime + cutime + cstime (fields 14-17 of /proc/PID/stat, in clock
 * ticks; the last two hold children that already ended, like Onair's short thumbnail ffmpeg runs), VmRSS and
 * VmHWM (kB, /proc/PID/status) of the processes alive at the sample.
 */
public record ProcSample(long nanos, long cpuTicks, long rssKb, long hwmKb, int processes) {

    public static ProcSample of(long pid) {
        long ticks = 0;
        long rss = 0;
        long hwm = 0;
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        int n = 0;
        for (long p : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + p + "/stat"));
                // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) // fields 14-17
                        + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                for (String line : Files.readAllLines(Path.of("/proc/" + p + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss += kb(line);
                    } else if (line.startsWith("VmHWM:")) {
                        hwm += kb(line);
                    }
                }
                n++;
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading
            }
        }
        return new ProcSample(System.nanoTime(), ticks, rss, hwm, n);
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
