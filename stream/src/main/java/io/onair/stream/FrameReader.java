package io.onair.stream;

import io.onair.media.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's view of a publication: a bounded queue the publisher fills without ever waiting (mediamtx
 * {@code stream/reader.go}, SRS {@code SrsMessageQueue}).
 *
 * <p>When the queue is full the reader starts dropping, and keeps dropping until the next point a decoder can
 * start from (a video keyframe; the next frame for audio-only streams), so what it receives after a gap is decodable.
 * Drops are counted and logged at most once per {@link StreamSettings#dropLogInterval()}. Discontinuity and end
 * markers are never dropped: a discontinuity seen while dropping is delivered before the frame the reader resumes
 * at. At most one marker and one {@link StreamEvent.KeyframeStart} (readers that take them) are queued per frame,
 * so the queue holds at most {@code 3 * capacity + 1} events.
 *
 * <p>Keyframe hints may run on the publisher's thread ({@link #runHintsInline}): when the consumer is idle (waiting
 * in {@link #take()} with nothing queued) a hint is handed to its {@link InlineHint} there and then, instead of waking
 * the consumer's thread for it, the way a thread pool's caller-runs policy works. On a machine with few cores that
 * wake-up, and the threads it competes with, cost more than the hint's work (issue 2: a segment's cut and listing at
 * its closing keyframe). The consumer is held in {@link #take()} while the hint runs, so events stay in order; while
 * the consumer is busy, or anything is queued, the hint is queued as before, so the publisher never waits for it.
 */
public final class FrameReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrameReader.class);

    private final String name;
    private final int capacity;
    private final boolean keyframeHints;
    private final boolean videoOnly;
    private final InstantSource clock;
    private final Duration logInterval;
    private final LongAdder publicationDrops;
    private final Runnable onClose;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
    private int queuedFrames;
    private boolean dropping;
    private boolean pendingDiscontinuity;
    private String pendingDescription = "";
    private long dropped;
    private long droppedSinceLog;
    private Instant lastLog = Instant.MIN;
    private boolean ended;
    private boolean closed;
    /** Set once by the consumer before it first takes; null: every hint is queued. */
    private volatile InlineHint inline;
    /**
     * The consumer is handling what it took last (cleared when it asks for the next event): no hint may run inline
     * beside it. True until its first take, so nothing runs before the consumer has started.
     */
    private boolean consumerBusy = true;
    /** A hint runs on the publisher's thread: the consumer waits for it in {@link #take()}. */
    private boolean inlineRunning;

    /** What a consumer does with a keyframe hint, run on the publisher's thread while the consumer waits. */
    @FunctionalInterface
    public interface InlineHint {
        /**
         * @return false when it cannot run now without waiting (its lock is taken): the hint is then queued for the
         *         consumer, before anything that arrived meanwhile
         */
        boolean run(StreamEvent.KeyframeStart hint);
    }

    FrameReader(String name, int capacity, boolean keyframeHints, boolean videoOnly, InstantSource clock,
            Duration logInterval, LongAdder publicationDrops, Runnable onClose) {
        if (capacity < 1) {
            throw new IllegalArgumentException("reader " + name + " capacity must be at least 1, was " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
        this.keyframeHints = keyframeHints;
        this.videoOnly = videoOnly;
        this.clock = clock;
        this.logInterval = logInterval;
        this.publicationDrops = publicationDrops;
        this.onClose = onClose;
    }

    public String name() {
        return name;
    }

    /** Frames this reader dropped because it fell behind. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keyframe hints the consumer would take while idle run on the publisher's thread through {@code handler}
     * instead (see the class comment). Call before the first {@link #take()}; the handler must not block. A
     * consumer that polls counts as idle from a poll that found nothing until its next poll or take.
     */
    public void runHintsInline(InlineHint handler) {
        if (!keyframeHints) {
            throw new IllegalStateException("reader " + name + " takes no keyframe hints");
        }
        inline = Objects.requireNonNull(handler, "handler");
    }

    /** The consumer waits for an event and nothing is queued: a hint offered now would run inline, if it may. */
    public boolean idle() {
        lock.lock();
        try {
            return !consumerBusy && !inlineRunning && queue.isEmpty() && !closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next event, waiting for one. After {@link StreamEvent.End} every call returns that end again. Taking
     * says the consumer is done with the event it took before.
     *
     * @throws StreamClosedException if the reader is or becomes closed
     */
    public StreamEvent take() throws InterruptedException {
        lock.lock();
        try {
            consumerBusy = false;
            while ((queue.isEmpty() || inlineRunning) && !closed) {
                available.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** The next event if one arrives within {@code timeout}. */
    public Optional<StreamEvent> poll(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            consumerBusy = false;
            long nanos = timeout.toNanos();
            while ((queue.isEmpty() || inlineRunning) && !closed) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = available.awaitNanos(nanos);
            }
            return Optional.of(next());
        } finally {
            lock.unlock();
        }
    }

    /** Stops receiving; the publication forgets this reader. A blocked {@link #take()} throws. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }

    private StreamEvent next() {
        if (closed) {
            throw new StreamClosedException("reader " + name + " is closed");
        }
        consumerBusy = true;
        StreamEvent event = queue.peek();
        if (event instanceof StreamEvent.End) {
            return event;
        }
        queue.poll();
        if (event instanceof StreamEvent.Frame) {
            queuedFrames--;
        }
        return event;
    }

    // ---- publisher side: never blocks beyond the short queue lock ----

    /** Starts in the dropping state: used when a reader joins and no cached GOP can start it. */
    void waitForSyncPoint() {
        lock.lock();
        try {
            dropping = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param resumePoint true when a reader that dropped may resume at this frame (a video keyframe, or any frame of
     *                    a stream without video)
     */
    void offer(StreamEvent event, boolean resumePoint) {
        if (videoOnly && event instanceof StreamEvent.Frame f && !(f.frame() instanceof VideoFrame)) {
            return;
        }
        lock.lock();
        try {
            if (closed || ended) {
                return;
            }
            switch (event) {
                case StreamEvent.End end -> {
                    ended = true;
                    queue.add(end);
                    available.signalAll();
                }
                case StreamEvent.Discontinuity d -> {
                    if (dropping) {
                        pendingDiscontinuity = true;
                        pendingDescription = d.description();
                    } else if (!(queue.peekLast() instanceof StreamEvent.Discontinuity)) {
                        queue.add(d);
                        available.signalAll();
                    }
                }
                case StreamEvent.Frame f -> offerFrame(f, resumePoint);
                case StreamEvent.KeyframeStart k -> {
                    // Not while dropping: the frame would be dropped too (a full queue drops until a keyframe, but
                    // this one may not fit either). One per frame at most, like the markers.
                    if (keyframeHints && !dropping && !(queue.peekLast() instanceof StreamEvent.KeyframeStart)) {
                        queue.add(k);
                        available.signalAll();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Offers a keyframe hint, or claims it for {@link #runClaimed} on the caller's thread when the consumer is idle
     * and runs hints inline: the consumer then waits until {@link #runClaimed} is done.
     *
     * @return true when claimed: the caller must call {@link #runClaimed} (outside its own locks)
     */
    boolean claimOrOffer(StreamEvent.KeyframeStart hint) {
        lock.lock();
        try {
            if (inline != null && !consumerBusy && !inlineRunning && queue.isEmpty() && !dropping && !closed
                    && !ended) {
                inlineRunning = true;
                return true;
            }
        } finally {
            lock.unlock();
        }
        offer(hint, false);
        return false;
    }

    /** Runs a hint {@link #claimOrOffer} claimed; queues it first when the handler could not run it. */
    void runClaimed(StreamEvent.KeyframeStart hint) {
        boolean ran = false;
        try {
            ran = inline.run(hint);
        } finally {
            lock.lock();
            try {
                inlineRunning = false;
                if (!ran && !closed) {
                    // Only an end (another thread's) can have been queued since the claim: the hint goes before it.
                    queue.addFirst(hint);
                }
                available.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void offerFrame(StreamEvent.Frame frame, boolean resumePoint) {
        if (dropping && resumePoint && queuedFrames < capacity) {
            dropping = false;
            if (pendingDiscontinuity) {
                pendingDiscontinuity = false;
                queue.add(new StreamEvent.Discontinuity(pendingDescription));
            }
        }
        if (!dropping && queuedFrames >= capacity) {
            dropping = true;
        }
        if (dropping) {
            dropped++;
            droppedSinceLog++;
            publicationDrops.increment();
            Instant now = clock.instant();
            if (!now.isBefore(lastLog.plus(logInterval))) {
                log.warn("reader {} is too slow: dropped {} frames ({} in total), resuming at the next keyframe",
                        name, droppedSinceLog, dropped);
                lastLog = now;
                droppedSinceLog = 0;
            }
            return;
        }
        queue.add(frame);
        queuedFrames++;
        available.signalAll();
    }
}
