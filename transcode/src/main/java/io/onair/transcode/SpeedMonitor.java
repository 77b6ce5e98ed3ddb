package io.onair.transcode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.OptionalDouble;

/**
 * Is ffmpeg keeping real time? Speed is the media time ffmpeg put out divided by the media time the source put in
 * over the same wall-clock window (both on the source's timeline): 1.0 when it keeps up, below when it falls behind.
 * Measured against the source rather than the wall clock so that a publisher whose own upload stalls does not count
 * against ffmpeg. A run is judged only after its warm-up (ffmpeg start-up, the buffered first GOP), on a full window.
 * Pure: samples carry the injected clock's instants.
 */
final class SpeedMonitor {
    private record Sample(Instant at, double out, double source) {
    }

    private final Instant judgeFrom;
    private final Duration window;
    private final double threshold;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private boolean dropped;

    SpeedMonitor(Instant runStart, Duration warmUp, Duration window, double threshold) {
        this.judgeFrom = runStart.plus(warmUp);
        this.window = window;
        this.threshold = threshold;
    }

    /**
     * @param outSeconds    the latest rendition frame's pts, seconds of the source timeline
     * @param sourceSeconds the latest source frame's dts as ingested, seconds
     */
    void sample(Instant now, double outSeconds, double sourceSeconds) {
        if (now.isBefore(judgeFrom)) {
            return;
        }
        samples.addLast(new Sample(now, outSeconds, sourceSeconds));
        // Keep one sample at or before the window's start, so the window is covered whole.
        while (samples.size() > 2 && !samples.stream().skip(1).findFirst().orElseThrow().at()
                .isAfter(now.minus(window))) {
            samples.removeFirst();
        }
    }

    /** The transcoder's input queue overflowed: it fell behind by a whole queue, which is too slow whatever the speed. */
    void inputDropped(Instant now) {
        if (!now.isBefore(judgeFrom)) {
            dropped = true;
        }
    }

    /** Speed over the current window, once the source advanced by at least half a window in it. */
    OptionalDouble speed() {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        double source = last.source() - first.source();
        if (source < window.toMillis() / 2000.0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((last.out() - first.out()) / source);
    }

    /** True when the input queue overflowed, or speed stayed below the threshold over a whole window. */
    boolean tooSlow(Instant now) {
        if (dropped) {
            return true;
        }
        if (samples.size() < 2 || samples.getFirst().at().isAfter(now.minus(window))) {
            return false;
        }
        OptionalDouble speed = speed();
        return speed.isPresent() && speed.getAsDouble() < threshold;
    }

    boolean inputOverflowed() {
        return dropped;
    }
}
