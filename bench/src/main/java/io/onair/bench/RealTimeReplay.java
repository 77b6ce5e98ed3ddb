package io.onair.bench;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.flv.FlvTag;
import io.onair.bench.rtmp.RtmpPublisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends an FLV file's tags at their media time (like {@code ffmpeg -re}) to one or more publishers from one loop:
 * each tag goes to every publisher back to back, and the time each keyframe's write returned is recorded per
 * publisher. Bounded: it stops after {@code durationMs} of media.
 */
final class RealTimeReplay {
    private final FlvFile file;
    private final List<RtmpPublisher> publishers;
    private final long durationMs;
    private final List<Map<Long, Long>> keyframeSentNanos = new ArrayList<>();
    private long maxLagNanos;

    RealTimeReplay(FlvFile file, List<RtmpPublisher> publishers, long durationMs) {
        this.file = file;
        this.publishers = publishers;
        this.durationMs = durationMs;
        for (int i = 0; i < publishers.size(); i++) {
            keyframeSentNanos.add(new HashMap<>());
        }
    }

    /** Replays from {@code startNanos} (System.nanoTime) on; returns when the last tag was written. */
    void run(long startNanos) throws IOException {
        run(startNanos, null);
    }

    /** As {@link #run(long)}; with a {@code floor}, a byte goes through it right after each keyframe's writes. */
    void run(long startNanos, WakeFloor floor) throws IOException {
        int keyframes = 0;
        for (FlvTag tag : file.tags()) {
            if (tag.timestampMs() > durationMs) {
                break;
            }
            long due = startNanos + tag.timestampMs() * 1_000_000;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
            boolean keyframe = tag.isVideoKeyframe();
            // Alternate who goes first on every keyframe: neither server always gets its copy a write later.
            int n = publishers.size();
            int first = keyframe ? keyframes++ % n : 0;
            for (int k = 0; k < n; k++) {
                int i = (first + k) % n;
                publishers.get(i).write(tag);
                if (keyframe) {
                    keyframeSentNanos.get(i).put(tag.timestampMs(), System.nanoTime());
                }
            }
            if (keyframe && floor != null) {
                floor.keyframe();
            }
        }
    }

    /** Per publisher: keyframe media time (ms) → System.nanoTime when its write to that socket returned. */
    Map<Long, Long> keyframeSentNanos(int publisher) {
        return keyframeSentNanos.get(publisher);
    }

    /** How far behind schedule the loop ever was when a tag was due (time spent sleeping too long or writing). */
    double maxLagMs() {
        return maxLagNanos / 1e6;
    }
}
