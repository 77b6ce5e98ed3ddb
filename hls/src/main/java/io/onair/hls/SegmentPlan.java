package io.onair.hls;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The segment boundaries of a channel: decided by the source rendition's segmenter, followed by every other
 * rendition (issue 3: players switch renditions at any segment, so every rendition has the same boundaries,
 * durations and sequence numbers). Guarded by the channel's lock.
 *
 * <p>Bounded: the last {@link #KEPT} boundaries, enough for a transcoded rendition lagging the source by many
 * segments; a rendition lagging more than that cannot find its boundaries and resynchronises.
 */
final class SegmentPlan {
    /** A minute of 1 s segments: transcoders lag by their encoding delay, well under that. */
    static final int KEPT = 64;

    private final ArrayDeque<Boundary> boundaries = new ArrayDeque<>();
    private long nextSequence;
    private long epoch;
    /** The source's last keyframe PTS seen in this epoch: boundaries at or before it are decided. */
    private long decidedPts = Long.MIN_VALUE;
    /** The source's timeline ended (end of publication or a discontinuity): everything of this epoch is decided. */
    private boolean epochClosed;

    SegmentPlan(long firstSequence) {
        this.nextSequence = firstSequence;
    }

    Boundary add(long pts, boolean discontinuity, java.time.Instant programDateTime) {
        if (discontinuity && !boundaries.isEmpty()) {
            epoch++;
        }
        epochClosed = false;
        Boundary b = new Boundary(nextSequence++, pts, discontinuity, programDateTime, epoch);
        boundaries.add(b);
        while (boundaries.size() > KEPT) {
            boundaries.removeFirst();
        }
        decidedPts = Math.max(decidedPts, pts);
        return b;
    }

    /** The source saw a keyframe at {@code pts} and did not cut there. */
    void sourceKeyframe(long pts) {
        decidedPts = Math.max(decidedPts, pts);
    }

    /** The source's timeline ended: no boundary of the current epoch will follow. */
    void closeEpoch() {
        epochClosed = true;
        decidedPts = Long.MIN_VALUE;
    }

    /** True when a keyframe at {@code pts} is known to be, or not to be, a boundary. */
    boolean decided(long pts) {
        return epochClosed || pts <= decidedPts;
    }

    /**
     * True when no boundary of the current epoch can start at or before {@code pts}: the source's video went past
     * it (its next keyframe has a later PTS). False once the epoch closed: the next boundary is of a new timeline.
     */
    boolean decidedBeyond(long pts) {
        return !epochClosed && decidedPts != Long.MIN_VALUE && pts <= decidedPts;
    }

    /**
     * The first boundary after {@code afterSequence}, of epoch {@code minEpoch} or later, whose keyframe has
     * presentation time {@code pts}. The epoch matters: every publication's timeline starts near 0 again, so the
     * boundaries still kept from an earlier one have the same PTS values as the current one's.
     */
    Optional<Boundary> at(long pts, long afterSequence, long minEpoch) {
        for (Boundary b : boundaries) {
            if (b.sequence() > afterSequence && b.epoch() >= minEpoch && b.pts() == pts) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The newest boundary's epoch: the timeline the source is on now (0 before any). */
    long lastEpoch() {
        return boundaries.isEmpty() ? 0 : boundaries.peekLast().epoch();
    }

    /** The boundary following segment {@code sequence}, when decided. */
    Optional<Boundary> next(long sequence) {
        for (Boundary b : boundaries) {
            if (b.sequence() == sequence + 1) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    Optional<Boundary> get(long sequence) {
        for (Boundary b : boundaries) {
            if (b.sequence() == sequence) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    Optional<Boundary> last() {
        return Optional.ofNullable(boundaries.peekLast());
    }

    long nextSequence() {
        return nextSequence;
    }
}
