package io.onair.hls;

import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts one video rendition at the channel's {@link SegmentPlan}: a keyframe whose PTS is a boundary's starts that
 * boundary's segment and takes its sequence number. PTS, not DTS: renditions may use B-frames differently, but
 * their keyframes are forced at exactly the source's keyframe PTS (closed GOPs), so the PTS identifies the same
 * instant in every rendition and durations (PTS to next boundary PTS) come out identical.
 *
 * <ul>
 *   <li>A rendition starts at the first boundary it can reach; frames before it are dropped (a transcoder starts
 *       late and lags by its encoding delay).
 *   <li>A keyframe ahead of what the source has decided (the source's packager is behind the transcoder's output)
 *       is held, with the frames after it, until the source decides it ({@link #MAX_HELD} bounds that).
 *   <li>A frame decoded after the next boundary without that boundary's keyframe means the rendition missed it
 *       (should not happen): the segment in progress is dropped, logged once, and the rendition resynchronises at
 *       the next boundary. Its playlist shows the hole as {@code EXT-X-GAP}.
 * </ul>
 *
 * Single-threaded under the channel's lock.
 */
final class VideoCutter {
    /** Two seconds of 60 fps video: far more than a source packager should be behind a transcoder. */
    static final int MAX_HELD = 120;

    private static final Logger log = LoggerFactory.getLogger(VideoCutter.class);

    private final String name;
    private final SegmentPlan plan;
    private final long maxBytes;
    private final Consumer<TrackPart> out;
    private final SegmentHead.Progress progress;
    private final ArrayDeque<VideoFrame> held = new ArrayDeque<>();

    private Building current;
    private long lastSequence = Long.MIN_VALUE;
    /**
     * The oldest epoch this rendition's frames can belong to: the source's timeline when the rendition (re)started.
     * Taken at each keyframe until one starts a segment, since the source may not have begun its new timeline when
     * a transcoder's first frames of a new publication arrive. Without it a rendition that started after an earlier
     * publication matched that publication's boundaries (the same PTS values, still in the plan) and took their
     * sequence numbers: every segment out of line with the source's.
     */
    private long minEpoch;
    private boolean epochOpen = true;
    private long frameTicks;
    private long lastDts = Long.MIN_VALUE;
    private boolean nextDiscontinuity;
    private VideoConfig lastConfig;
    private boolean warnedMiss;

    private static final class Building {
        final Boundary boundary;
        final VideoConfig config;
        final boolean discontinuity;
        final SegmentHead head;
        final List<MediaFrame> frames = new ArrayList<>();
        long bytes;
        long maxPts;

        Building(Boundary boundary, VideoConfig config, boolean discontinuity) {
            this.boundary = boundary;
            this.config = config;
            this.discontinuity = discontinuity;
            this.head = new SegmentHead(boundary.sequence(), discontinuity, boundary.programDateTime(), config);
            this.maxPts = boundary.pts();
        }
    }

    VideoCutter(String name, SegmentPlan plan, long maxBytes, Consumer<TrackPart> out) {
        this(name, plan, maxBytes, out, SegmentHead.Progress.NONE);
    }

    /**
     * @param progress receives every frame of the segment in progress as it is added (LL-HLS parts); a segment
     *                 dropped half-way (too large) is simply never completed through {@code out}
     */
    VideoCutter(String name, SegmentPlan plan, long maxBytes, Consumer<TrackPart> out,
            SegmentHead.Progress progress) {
        this.name = name;
        this.plan = plan;
        this.maxBytes = maxBytes;
        this.out = out;
        this.progress = progress;
    }

    void frame(VideoFrame frame) {
        held.add(frame);
        drain(false);
    }

    /** Processes held frames the plan has decided by now (called after every plan change). */
    void drain(boolean force) {
        while (!held.isEmpty()) {
            VideoFrame f = held.peekFirst();
            if (!force && f.keyframe() && !plan.decided(f.pts()) && held.size() <= MAX_HELD) {
                return;
            }
            held.removeFirst();
            process(f);
        }
    }

    /**
     * The keyframe of {@code boundary}, the one after the segment in progress, has begun to arrive with decoding time
     * {@code keyframeDts}: that segment is complete and ends now, before the keyframe is all in. Only for the
     * rendition whose keyframes make the plan (the source), whose frames before a boundary are all in when its
     * keyframe starts; the keyframe itself then starts the next segment as usual.
     */
    void boundaryReached(Boundary boundary, long keyframeDts) {
        if (current != null && held.isEmpty() && boundary.sequence() == current.boundary.sequence() + 1
                && !boundary.discontinuity() && boundary.epoch() == current.boundary.epoch()) {
            finish(Optional.of(boundary), keyframeDts);
        }
    }

    /** The encoder restarted: the segment in progress ends, the next starts at a boundary after a discontinuity. */
    void restart() {
        end();
        nextDiscontinuity = true;
        lastDts = Long.MIN_VALUE;
        epochOpen = true;
    }

    /** The timeline stops (end of stream or of a publication): the segment in progress ends with its last frame. */
    void end() {
        drain(true);
        finish(Optional.empty(), 0);
    }

    private void process(VideoFrame f) {
        if (lastDts != Long.MIN_VALUE && f.dts() > lastDts) {
            frameTicks = f.dts() - lastDts;
        }
        lastDts = f.dts();
        if (f.keyframe()) {
            if (epochOpen) {
                minEpoch = plan.lastEpoch();
            }
            Optional<Boundary> b = plan.at(f.pts(), lastSequence, minEpoch);
            if (b.isPresent()) {
                epochOpen = false;
                if (current != null && b.get().sequence() > current.boundary.sequence() + 1) {
                    missed(plan.next(current.boundary.sequence()).orElse(b.get()));
                }
                finish(b, f.dts());
                boolean configChange = lastConfig != null && !lastConfig.equals(f.config());
                current = new Building(b.get(), f.config(), b.get().discontinuity() || nextDiscontinuity
                        || configChange);
                nextDiscontinuity = false;
                lastConfig = f.config();
                lastSequence = b.get().sequence();
                add(f);
                return;
            }
        }
        if (current == null) {
            return; // waiting for the first boundary this rendition can reach
        }
        Optional<Boundary> next = plan.next(current.boundary.sequence());
        if (next.isPresent() && !next.get().discontinuity() && next.get().epoch() == current.boundary.epoch()
                && f.dts() > next.get().pts()) {
            // Decoded after the next boundary's keyframe (which has dts <= its pts), yet that keyframe never came.
            missed(next.get());
            return;
        }
        if (!f.config().equals(current.config)) {
            finish(Optional.empty(), 0);
            nextDiscontinuity = true;
            return; // a config change starts at the next boundary, with a new init segment
        }
        add(f);
    }

    /**
     * The keyframe of {@code boundary} never came: the segment in progress ends there (its frames past the
     * boundary overlap the hole, which has no media: harmless, and cutting them could break B-frames referring to
     * them), and the rendition waits for the next boundary.
     */
    private void missed(Boundary boundary) {
        if (!warnedMiss) {
            warnedMiss = true;
            log.warn("{}: no keyframe at pts {} for segment {}; resynchronising at the next boundary. Logged once.",
                    name, boundary.pts(), boundary.sequence());
        }
        if (current != null && boundary.sequence() == current.boundary.sequence() + 1) {
            finish(Optional.of(boundary), current.frames.getLast().dts() + (frameTicks > 0 ? frameTicks : 3000));
        }
        current = null;
    }

    private void add(VideoFrame f) {
        current.frames.add(f);
        progress.frame(current.head, f);
        current.bytes += f.data().length;
        current.maxPts = Math.max(current.maxPts, f.pts());
        if (current.bytes > maxBytes) {
            log.warn("{}: segment {} passed {} bytes: dropped", name, current.boundary.sequence(), maxBytes);
            current = null;
        }
    }

    /**
     * @param next    the boundary that ends the segment in progress, or empty when the timeline stops
     * @param nextDts the DTS of that boundary's keyframe
     */
    private void finish(Optional<Boundary> next, long nextDts) {
        Building b = current;
        current = null;
        if (b == null || b.frames.isEmpty()) {
            return;
        }
        long interval = frameTicks > 0 ? frameTicks : 3000;
        long start = b.boundary.pts();
        boolean consecutive = next.isPresent() && next.get().sequence() == b.boundary.sequence() + 1
                && !next.get().discontinuity() && next.get().epoch() == b.boundary.epoch();
        long duration = consecutive ? next.get().pts() - start : b.maxPts + interval - start;
        long after = consecutive ? nextDts : b.frames.getLast().dts() + interval;
        out.accept(new TrackPart(b.boundary.sequence(), b.frames, start, duration, after, b.discontinuity,
                b.boundary.programDateTime(), b.config));
    }
}
