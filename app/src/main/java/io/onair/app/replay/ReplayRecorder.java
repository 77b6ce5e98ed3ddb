package io.onair.app.replay;

import io.onair.app.storage.BlobStore;
import io.onair.hls.ArchivedSegment;
import io.onair.hls.SegmentArchive;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every broadcast as its live segments (issue 7): the {@link SegmentArchive} the HLS origin hands each listed
 * segment to. The origin's thread only enqueues (bounded by bytes, {@code onair.replays.queue-bytes}; beyond it a
 * segment is dropped from the replay and the replay marked incomplete: the live stream never waits for storage). One
 * writer thread stores each object with retries ({@code onair.replays.store-attempts}, back-off from 250 ms) and then
 * indexes it ({@link ReplayWriter}, shared with the uploads' offline packaging), in order, so a segment is listed in a replay only once its bytes are stored, and the replay's init
 * segments are stored before the segments that use them.
 *
 * <p>A broadcast starts with the first segment (or init segment) after the previous one ended and ends when the
 * origin says every rendition delivered its last segment; a reconnect within the origin's grace continues it.
 */
public final class ReplayRecorder implements SegmentArchive, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayRecorder.class);

    private sealed interface Item {
        String channel();

        long bytes();
    }

    private record InitItem(String channel, String rendition, long number, byte[] data) implements Item {
        public long bytes() {
            return data.length;
        }
    }

    private record SegmentItem(String channel, String rendition, ArchivedSegment segment) implements Item {
        public long bytes() {
            return segment.segment().bytes().length(); // without assembling a segment of parts here
        }
    }

    private record EndItem(String channel, Instant at) implements Item {
        public long bytes() {
            return 0;
        }
    }

    /** A segment was dropped before the writer saw it: the replay has a hole. */
    private record LostItem(String channel, String rendition, long sequence) implements Item {
        public long bytes() {
            return 0;
        }
    }

    private final ReplayRepository replays;
    private final ReplayWriter replayWriter;
    private final ReplayProperties settings;
    private final InstantSource clock;
    private final Function<String, String> titles;
    private final Consumer<Long> onEnded;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final ConcurrentHashMap<String, LiveRecording> recording = new ConcurrentHashMap<>();
    /** The part before a split of a long broadcast, while renditions behind the source still deliver to it. */
    private final ConcurrentHashMap<String, LiveRecording> previous = new ConcurrentHashMap<>();
    private final Thread writer;
    private volatile boolean closed;

    /** Waits between store attempts; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * @param titles  a channel's current title (the replay's initial title)
     * @param onEnded called on the writer thread with a broadcast's id after it ended (thumbnails, retention)
     */
    public ReplayRecorder(ReplayRepository replays, BlobStore store, ReplayProperties settings, InstantSource clock,
            Function<String, String> titles, Consumer<Long> onEnded, Sleeper sleeper) {
        this.replays = replays;
        this.replayWriter = new ReplayWriter(replays, store, settings.storeAttempts(), sleeper);
        this.settings = settings;
        this.clock = clock;
        this.titles = titles;
        this.onEnded = onEnded;
        int recovered = replays.endUnended(clock.instant());
        if (recovered > 0) {
            log.info("replays: {} recording(s) left open by a stopped server marked ended", recovered);
        }
        this.writer = Thread.ofVirtual().name("replay-recorder").start(this::run);
    }

    // ---- the origin's side: enqueue only ----

    @Override
    public void init(String channel, String rendition, long number, byte[] bytes) {
        if (settings.records(rendition)) {
            offer(new InitItem(channel, rendition, number, bytes), true);
        }
    }

    @Override
    public void segment(String channel, String rendition, ArchivedSegment segment) {
        if (settings.records(rendition) && !segment.segment().gap()) {
            offer(new SegmentItem(channel, rendition, segment), false);
        }
    }

    @Override
    public void ended(String channel, Instant at) {
        offer(new EndItem(channel, at), true);
    }

    private void offer(Item item, boolean always) {
        if (closed) {
            return;
        }
        long limit = settings.queueBytes().toBytes();
        if (!always && queuedBytes.get() + item.bytes() > limit) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                log.warn("replays: storage is behind ({} MB waiting); segments are left out of replays ({} so far)",
                        queuedBytes.get() >> 20, n);
            }
            if (item instanceof SegmentItem s) {
                queue.add(new LostItem(s.channel(), s.rendition(), s.segment().segment().sequence()));
            }
            return;
        }
        queuedBytes.addAndGet(item.bytes());
        queue.add(item);
    }

    // ---- readers ----

    /** The broadcast being recorded on {@code channel}, if any. */
    public Optional<LiveRecording> recording(String channel) {
        return Optional.ofNullable(recording.get(channel));
    }

    /** The live recording with this broadcast id, if it is one. */
    public Optional<LiveRecording> live(long broadcast) {
        return recording.values().stream().filter(r -> r.id() == broadcast).findFirst();
    }

    /** Segments left out of replays because storage was behind, since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Segments that could not be stored after every attempt, since start. */
    public long failed() {
        return replayWriter.failed();
    }

    /** Bytes waiting to be stored. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Waits until everything enqueued so far is stored and indexed (tests, shutdown). */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while ((!queue.isEmpty() || busy) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    // ---- the writer ----

    private volatile boolean busy;

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            busy = true;
            try {
                handle(item);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("replays: recording {} of {} failed", item.getClass().getSimpleName(), item.channel(), e);
            } finally {
                queuedBytes.addAndGet(-item.bytes());
                busy = false;
            }
        }
    }

    private void handle(Item item) throws InterruptedException {
        switch (item) {
            case InitItem i -> {
                LiveRecording r = open(i.channel());
                if (!replayWriter.init(r, i.rendition(), i.number(), i.data())) {
                    replays.markIncomplete(r.id()); // the stream goes on; the replay has a hole
                }
            }
            case SegmentItem s -> {
                long sequence = s.segment().segment().sequence();
                LiveRecording before = previous.get(s.channel());
                if (before != null && sequence < before.splitAt()) {
                    // A rendition behind the source (a transcoded rung) still delivering the previous part.
                    if (!replayWriter.segment(before, s.rendition(), s.segment())) {
                        replays.markIncomplete(before.id());
                    }
                    return;
                }
                if (before != null && sequence >= before.splitAt() + 2) {
                    finish(previous.remove(s.channel()), clock.instant()); // every rendition has moved on
                }
                LiveRecording r = splitIfLong(open(s.channel()), sequence);
                if (!replayWriter.segment(r, s.rendition(), s.segment())) {
                    replays.markIncomplete(r.id());
                }
            }
            case LostItem l -> {
                LiveRecording r = open(l.channel());
                replays.markIncomplete(r.id());
            }
            case EndItem e -> {
                LiveRecording before = previous.remove(e.channel());
                if (before != null) {
                    finish(before, e.at());
                }
                LiveRecording r = recording.remove(e.channel());
                if (r != null) {
                    finish(r, e.at());
                }
            }
        }
    }

    private void finish(LiveRecording r, Instant at) {
        replays.end(r.id(), at);
        log.info("replays: broadcast {} of {} recorded ({} renditions)", r.id(), r.channel(), r.renditions().size());
        try {
            onEnded.accept(r.id());
        } catch (RuntimeException ex) {
            log.error("replays: after broadcast {} ended", r.id(), ex);
        }
    }

    /**
     * A broadcast longer than {@code onair.replays.max-duration} (a 24/7 channel) continues as a new replay from
     * the next new sequence number, which every rendition then splits at (segments are aligned across renditions),
     * so no replay grows without end and retention can delete the old parts. The new part starts with copies of the
     * init segments in use. The old part ends once every rendition is past the split.
     */
    private LiveRecording splitIfLong(LiveRecording r, long sequence) throws InterruptedException {
        long max = settings.maxDuration().toMillis();
        if (max == 0 || r.durationMs() < max || sequence <= r.lastSequence() || previous.containsKey(r.channel())) {
            return r;
        }
        r.splitAt(sequence);
        previous.put(r.channel(), r);
        recording.remove(r.channel());
        LiveRecording next = open(r.channel());
        for (var init : r.inits().entrySet()) {
            replayWriter.init(next, init.getKey(), init.getValue().getKey(), init.getValue().getValue());
        }
        log.info("replays: broadcast {} of {} reached {}: continues as broadcast {} from segment {}", r.id(),
                r.channel(), settings.maxDuration(), next.id(), sequence);
        return next;
    }

    private LiveRecording open(String channel) {
        return recording.computeIfAbsent(channel, c -> {
            Instant now = clock.instant();
            long id = replays.create(c, titleOf(c), Broadcast.LIVE, now, false);
            log.info("replays: recording {} as broadcast {}", c, id);
            return new LiveRecording(id, c, now);
        });
    }

    private String titleOf(String channel) {
        try {
            String t = titles.apply(channel);
            return t == null || t.isBlank() ? "" : t;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Stops after the writer stored what was queued (up to {@code 10 s}). */
    @Override
    public void close() {
        closed = true;
        try {
            awaitIdle(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }
}
