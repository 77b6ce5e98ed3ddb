package io.onair.bench.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (utime + stime, clock ticks) and VmRSS (kB) of one process, read from /proc; zeros when unreadable. */
record ProcSample(long nanos, long cpuTicks, long rssKb) {

    static ProcSample of(long pid) {
        long ticks = 0;
        long rss = 0;
        if (pid > 0) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return new ProcSample(System.nanoTime(), ticks, rss);
    }
}
