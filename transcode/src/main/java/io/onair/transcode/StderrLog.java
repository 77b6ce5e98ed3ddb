package io.onair.transcode;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ffmpeg's stderr into our log, rate-limited: the first lines of a run (which say why it failed, when it does) as
 * they come, then a count of the suppressed ones once a minute, so a stream of decoder warnings cannot flood the log.
 * The last line is kept for the status.
 */
final class StderrLog {
    private static final Logger log = LoggerFactory.getLogger("io.onair.transcode.ffmpeg");
    /** Enough for an ffmpeg error and its context (the failing option, the stream it concerns). */
    static final int FIRST_LINES = 20;
    static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);

    private final String channel;
    private final InstantSource clock;
    private int logged;
    private long suppressed;
    private Instant lastSummary;
    private volatile String lastLine = "";

    StderrLog(String channel, InstantSource clock) {
        this.channel = channel;
        this.clock = clock;
        this.lastSummary = clock.instant();
    }

    /** @return true when the line was logged, false when it was counted */
    synchronized boolean line(String line) {
        if (line.isBlank()) {
            return false;
        }
        lastLine = line.strip();
        Instant now = clock.instant();
        boolean logs = logged < FIRST_LINES;
        if (logs) {
            logged++;
            log.warn("{}: ffmpeg: {}", channel, lastLine);
        } else {
            suppressed++;
        }
        summarise(now);
        return logs;
    }

    /** Logs the count of suppressed lines when a minute has passed since the last count. */
    synchronized void summarise(Instant now) {
        if (suppressed > 0 && !now.isBefore(lastSummary.plus(SUMMARY_INTERVAL))) {
            log.warn("{}: ffmpeg: {} more lines since {} (last: {})", channel, suppressed, lastSummary, lastLine);
            suppressed = 0;
            lastSummary = now;
        }
    }

    synchronized long suppressed() {
        return suppressed;
    }

    String lastLine() {
        return lastLine;
    }
}
