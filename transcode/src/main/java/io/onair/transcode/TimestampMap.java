package io.onair.transcode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The timestamps of one run, between the source's 90 kHz timeline and the milliseconds of the FLV that ffmpeg reads
 * and writes.
 *
 * <p>Going in, {@code ms = floor((t - base) / 90) + OFFSET_MS}, where {@code base} is the dts of the run's first frame.
 * Coming back, ffmpeg kept every presentation time (see {@link FfmpegCommand}), so a rendition frame's pts in ms is
 * a source frame's: it is looked up here and the source's exact 90 kHz pts returned (exact even for a source whose
 * timestamps are not whole milliseconds). DTS, which the encoder rebuilds for its own B-frames, maps back linearly.
 * Written by the feeding thread, read by the output threads.
 */
final class TimestampMap {
    /**
     * Source frames remembered. 1024: far above the frames an encoder holds (x264 veryfast: 10 of lookahead, 3
     * B-frames, a few of frame threads), small enough to be nothing in memory.
     */
    static final int CAPACITY = 1024;

    private final long base;
    private final long offsetMs;
    private final Map<Long, Source> frames = new LinkedHashMap<>(CAPACITY * 2, 0.75f) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Source> eldest) {
            return size() > CAPACITY;
        }
    };

    record Source(long pts, boolean keyframe) {
    }

    TimestampMap(long base, long offsetMs) {
        this.base = base;
        this.offsetMs = offsetMs;
    }

    long toMillis(long ticks) {
        return Math.floorDiv(ticks - base, 90) + offsetMs;
    }

    long toTicks(long millis) {
        return (millis - offsetMs) * 90 + base;
    }

    /** @return the frame's pts in ms, remembered with the source's exact pts */
    synchronized long remember(long pts, boolean keyframe) {
        long ms = toMillis(pts);
        frames.put(ms, new Source(pts, keyframe));
        return ms;
    }

    /** The source frame presented at {@code ptsMillis}, or null when none was (or it was forgotten). */
    synchronized Source lookup(long ptsMillis) {
        return frames.get(ptsMillis);
    }
}
