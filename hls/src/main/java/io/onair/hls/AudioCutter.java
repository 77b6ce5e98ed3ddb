package io.onair.hls;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the source's audio at the channel's boundaries: segment {@code n} of the audio starts with the audio frame
 * nearest to boundary {@code n}'s video PTS (the first whose DTS is at least half a frame before it), so audio and
 * video segments of the same number cover the same time within half an audio frame (about 10 ms), and a player
 * switching video renditions never needs other audio.
 *
 * <p>Frames are fed in the source's stream order together with the boundaries; audio may run a little ahead of or
 * behind the video that decides a boundary, so frames wait here until the boundary after them is known. A segment
 * is complete once the first frame of the next one arrived. Single-threaded under the channel's lock.
 */
final class AudioCutter {
    /** Thirty seconds of 48 kHz AAC: a video track that stopped producing boundaries does not grow this forever. */
    static final int MAX_PENDING = 1500;

    private static final Logger log = LoggerFactory.getLogger(AudioCutter.class);

    private final String name;
    private final Consumer<TrackPart> out;
    private final SegmentHead.Progress progress;
    private final SegmentPlan plan;
    private final ArrayDeque<AudioFrame> pending = new ArrayDeque<>();
    /** Frames of the current segment already passed to {@link #progress} (they left {@link #pending}). */
    private final List<MediaFrame> assigned = new ArrayList<>();
    private SegmentHead head;
    private final ArrayDeque<Boundary> boundaries = new ArrayDeque<>();
    private Boundary current;
    private boolean warnedOverflow;

    AudioCutter(String name, Consumer<TrackPart> out) {
        this(name, out, SegmentHead.Progress.NONE, null);
    }

    /**
     * @param progress receives each frame as soon as it is known to belong to the segment in progress (LL-HLS
     *                 parts): when the boundary after it is known, or when the source's video has gone past it so
     *                 far that no boundary can come before it ({@link SegmentPlan#decided})
     * @param plan     the channel's plan, for that test; null: frames are passed on only with their boundary
     */
    AudioCutter(String name, Consumer<TrackPart> out, SegmentHead.Progress progress, SegmentPlan plan) {
        this.name = name;
        this.out = out;
        this.progress = progress;
        this.plan = plan;
    }

    /** The source's video advanced: frames it went past may be passed on. */
    void advance() {
        apply();
    }

    void frame(AudioFrame frame) {
        pending.add(frame);
        if (pending.size() > MAX_PENDING) {
            pending.removeFirst();
            if (!warnedOverflow) {
                warnedOverflow = true;
                log.warn("{}: audio waited for more than {} frames for a video boundary: oldest dropped. Logged"
                        + " once.", name, MAX_PENDING);
            }
        }
        apply();
    }

    void boundary(Boundary b) {
        boundaries.add(b);
        apply();
    }

    /** The timeline stops: what is pending completes the segment in progress. */
    void interrupt() {
        apply();
        boundaries.clear();
        assignAll(new ArrayList<>(pending));
        emit(Long.MIN_VALUE, false);
        pending.clear();
        current = null;
    }

    private void apply() {
        while (!boundaries.isEmpty() && !pending.isEmpty()) {
            Boundary b = boundaries.peekFirst();
            long half = frameTicks(pending.peekFirst().config()) / 2;
            List<MediaFrame> before = new ArrayList<>();
            for (AudioFrame f : pending) {
                if (f.dts() >= b.pts() - half) {
                    break;
                }
                before.add(f);
            }
            if (before.size() == pending.size()) {
                return; // the frame nearest to the boundary has not arrived yet
            }
            for (int i = 0; i < before.size(); i++) {
                pending.removeFirst();
            }
            assignAll(before);
            emit(pending.peekFirst().dts(), b.sequence() == sequenceAfterCurrent() && !b.discontinuity());
            current = boundaries.removeFirst();
        }
        if (current == null || plan == null || pending.isEmpty()) {
            return;
        }
        // Early: a frame before the next known boundary, or that no future boundary can precede. A boundary is a
        // source keyframe whose PTS is past everything the plan has decided (a later keyframe's PTS is at least its
        // DTS, which is past every DTS seen), and a frame belongs before boundary P when dts < P - half a frame.
        long half = frameTicks(pending.peekFirst().config()) / 2;
        Boundary next = boundaries.peekFirst();
        while (!pending.isEmpty()) {
            AudioFrame f = pending.peekFirst();
            boolean before = next != null ? f.dts() < next.pts() - half
                    : plan.decidedBeyond(f.dts() + half);
            if (!before) {
                return;
            }
            assignAll(List.of(pending.removeFirst()));
        }
    }

    private void assignAll(List<MediaFrame> frames) {
        if (current == null) {
            return; // before the first boundary: dropped, as emit did
        }
        for (MediaFrame f : frames) {
            if (head == null || head.sequence() != current.sequence()) {
                head = new SegmentHead(current.sequence(), current.discontinuity(), current.programDateTime(),
                        ((AudioFrame) f).config());
            }
            assigned.add(f);
            progress.frame(head, f);
        }
    }

    private long sequenceAfterCurrent() {
        return current == null ? Long.MIN_VALUE : current.sequence() + 1;
    }

    private void emit(long nextStart, boolean consecutive) {
        Boundary b = current;
        List<MediaFrame> frames = List.copyOf(assigned);
        assigned.clear();
        if (b == null || frames.isEmpty()) {
            return;
        }
        AudioFrame last = (AudioFrame) frames.getLast();
        long start = frames.getFirst().dts();
        long end = consecutive ? nextStart : last.dts() + frameTicks(last.config());
        out.accept(new TrackPart(b.sequence(), frames, start, end - start, end, b.discontinuity(),
                b.programDateTime(), ((AudioFrame) frames.getFirst()).config()));
    }

    static long frameTicks(AudioConfig config) {
        return config.samplesPerFrame() * 90_000L / config.sampleRate();
    }
}
