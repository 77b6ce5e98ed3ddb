package io.onair.bench.llhls;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.flv.FlvTag;
import io.onair.bench.rtmp.RtmpPublisher;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends an FLV file's tags at their media time (like {@code ffmpeg -re}) to one or more publishers from one loop,
 * looping the file (timestamps continue, the sequence headers are sent once) until {@code durationMs} of media.
 * The wall clock (epoch ms) at media time 0 is {@link #epochAtZeroMs()}: a frame of media time t was due to be sent
 * at epochAtZero + t, and {@link #maxLagMs()} says how late any write ever started after that.
 */
final class LoopReplay {
    private final FlvFile file;
    private final List<RtmpPublisher> publishers;
    private final long durationMs;
    private volatile long epochAtZeroMs;
    private volatile double maxLagMs;

    LoopReplay(FlvFile file, List<RtmpPublisher> publishers, long durationMs) {
        this.file = file;
        this.publishers = publishers;
        this.durationMs = durationMs;
    }

    /** Replays from {@code startNanos} (System.nanoTime) on; returns when the last tag was written. */
    void run(long startNanos) throws IOException {
        epochAtZeroMs = System.currentTimeMillis() + (startNanos - System.nanoTime()) / 1_000_000;
        long lastVideo = 0;
        for (FlvTag t : file.tags()) {
            if (t.type() == FlvTag.VIDEO) {
                lastVideo = Math.max(lastVideo, t.timestampMs());
            }
        }
        long loopMs = lastVideo + 33; // one frame after the last video frame: the next loop's first keyframe
        long maxLag = 0;
        for (int loop = 0; ; loop++) {
            for (FlvTag tag : file.tags()) {
                boolean header = tag.type() == FlvTag.SCRIPT || tag.body().length > 1 && tag.body()[1] == 0
                        && (tag.type() == FlvTag.VIDEO || tag.type() == FlvTag.AUDIO);
                if (loop > 0 && header) {
                    continue; // onMetaData, the AVC and AAC sequence headers: once
                }
                long ts = tag.timestampMs() + loop * loopMs;
                if (ts > durationMs) {
                    maxLagMs = maxLag / 1e6;
                    return;
                }
                long due = startNanos + ts * 1_000_000;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                maxLag = Math.max(maxLag, System.nanoTime() - due);
                FlvTag shifted = loop == 0 ? tag : new FlvTag(tag.type(), ts, tag.body());
                for (RtmpPublisher p : publishers) {
                    p.write(shifted);
                }
            }
        }
    }

    long epochAtZeroMs() {
        return epochAtZeroMs;
    }

    double maxLagMs() {
        return maxLagMs;
    }
}
