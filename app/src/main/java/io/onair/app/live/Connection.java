package io.onair.app.live;

import io.onair.app.security.OnairUser;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * One open watch page: the frames it has not been sent yet, and a writer that sends them. Frames come two ways: a
 * room's broadcasts are read from the room's {@link FrameLog} (one copy for every page of the room, this connection
 * only keeps its position in it), and the few frames for this page alone (the welcome with the chat history, the
 * answer to a post) from a small queue of its own, each marked with the log position it was queued at so that the
 * two are sent in the order they happened. Broadcasting never waits for a socket; a client that falls
 * {@code capacity} frames behind is closed with {@link #TOO_SLOW} (it reconnects and gets the history again) instead
 * of slowing the room or holding memory for it (mediamtx's reader queues, applied to chat).
 *
 * <p>The writer is not a thread per connection parked on its queue: it is a task handed to {@code writers} only when
 * the connection goes from nothing to send to something ({@link #wake}, {@link #offer}), and it writes everything
 * there is by then in one go (one socket write for a burst, see {@link SessionSink}) before it ends. A room's message
 * thus costs each connection a flag check and at most one short task, and a connection that is behind catches up in
 * batches instead of one write per frame. At most one writer per connection runs at a time (the {@code scheduled}
 * flag), so frames leave in order; a write blocked on a full socket holds only that connection's writer (on a
 * virtual thread it parks), which then falls behind until the connection is closed as too slow.
 */
public final class Connection {
    /** Close code (application range 4000-4999) for a client that could not keep up; it may reconnect at once. */
    public static final int TOO_SLOW = 4001;
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final VarHandle SCHEDULED;
    private static final VarHandle CLOSING;
    private static final VarHandle PRIVATE_QUEUED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SCHEDULED = l.findVarHandle(Connection.class, "scheduled", boolean.class);
            CLOSING = l.findVarHandle(Connection.class, "closing", CloseStatus.class);
            PRIVATE_QUEUED = l.findVarHandle(Connection.class, "privateQueued", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A frame for this connection alone, to be sent after the room's frames numbered below {@code after}. */
    private record Private(long after, TextMessage frame) {
    }

    private final FrameSink sink;
    private final String id;
    private final String channel;
    private final String visitor;
    private final Optional<OnairUser> user;
    private final int capacity;
    private final Executor writers;
    private final ConcurrentLinkedQueue<Private> privates = new ConcurrentLinkedQueue<>();
    // The flags are fields of this object (through VarHandles), not Atomic* objects of their own: a broadcast reads
    // them for every connection of the room, and each extra object would be one more cache miss per connection.
    /** Frames offered to {@code privates} and not yet taken by the writer (at times one ahead: counted first). */
    @SuppressWarnings("unused") // through PRIVATE_QUEUED
    private volatile int privateQueued;
    /** True from the moment a writer task is handed to {@code writers} until it has found nothing more to send. */
    @SuppressWarnings("unused") // through SCHEDULED
    private volatile boolean scheduled;
    /** Set once, by the first close; the writer closes the socket with it. */
    private volatile CloseStatus closing;
    /** The room's log once joined ({@link #attach}), and the number of the next frame of it to send. */
    private volatile FrameLog frames;
    private volatile long cursor;
    /** Where the room keeps this connection in its list (-1: not in a room); the room's lock guards it. */
    int roomIndex = -1;
    private boolean sinkClosed; // the writer's own state: only one writer runs at a time

    /**
     * @param capacity frames that may wait for this client before it is closed as too slow
     * @param writers  runs the writer tasks; a task may block on the socket, so give each its own (virtual) thread
     */
    Connection(FrameSink sink, String id, String channel, String visitor, Optional<OnairUser> user, int capacity,
            Executor writers) {
        this.sink = sink;
        this.id = id;
        this.channel = channel;
        this.visitor = visitor;
        this.user = user;
        this.capacity = capacity;
        this.writers = writers;
    }

    public String channel() {
        return channel;
    }

    /**
     * Who is watching, for the viewer count: one per account or per browser session, however many tabs; null for a
     * page that does not watch (the embeddable chat, in OBS or beside an embedded player).
     */
    public String visitor() {
        return visitor;
    }

    public Optional<OnairUser> user() {
        return user;
    }

    public String id() {
        return id;
    }

    int capacity() {
        return capacity;
    }

    /** Joins the room's log (the room's lock held): the room's frames from the next one on are for this page. */
    void attach(FrameLog log) {
        cursor = log.head();
        frames = log;
    }

    /** Queues a frame for this page alone (never copied); a full queue closes the connection. False when dropped. */
    public boolean offer(TextMessage frame) {
        if (closing != null) {
            return false;
        }
        int own = (int) PRIVATE_QUEUED.getAndAdd(this, 1) + 1;
        FrameLog log = frames;
        long head = log == null ? Long.MIN_VALUE : log.head();
        int behind = own + (log == null ? 0 : (int) Math.min(capacity + 1L, head - cursor));
        if (behind > capacity) {
            close(new CloseStatus(TOO_SLOW, "too slow: " + (behind - 1) + " messages behind"));
            return false;
        }
        privates.add(new Private(head, frame));
        schedule();
        return true;
    }

    /**
     * Called by the room (its lock held) after it appended frames up to {@code head}: starts a writer unless one is
     * running, or closes the connection when it is more than {@code capacity} frames behind. False when closed.
     */
    boolean wake(long head) {
        if (closing != null) {
            return false;
        }
        long behind = head - cursor + privateQueued;
        if (behind > capacity) {
            close(new CloseStatus(TOO_SLOW, "too slow: " + (behind - 1) + " messages behind"));
            return false;
        }
        schedule();
        return true;
    }

    /** Sends what is queued, then closes with {@code status}; a client closed as too slow gets nothing more. */
    public void close(CloseStatus status) {
        if (CLOSING.compareAndSet(this, (CloseStatus) null, status)) {
            if (status.getCode() == TOO_SLOW) {
                privates.clear(); // nothing more for this client: it gets the history when it comes back
            }
            schedule();
        }
    }

    public boolean closed() {
        return closing != null;
    }

    /** Frames waiting for this client: its own and the room's it has not taken yet. */
    int queued() {
        FrameLog log = frames;
        return privateQueued + (log == null ? 0 : (int) (log.head() - cursor));
    }

    /** Starts a writer unless one is already scheduled: one task per burst, however many frames it brings. */
    private void schedule() {
        if (SCHEDULED.compareAndSet(this, false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) { // shutting down: nobody will write for this client
                CLOSING.compareAndSet(this, (CloseStatus) null, CloseStatus.SERVICE_RESTARTED);
                privates.clear();
            }
        }
    }

    private void drain() {
        while (true) {
            writeQueued();
            scheduled = false;
            // A frame (or a close) that came after the writer looked and lost the race for the flag to this writer
            // is written by this writer; if the offer or wake won it, its own task runs and this one ends.
            FrameLog log = frames;
            boolean more = !sinkClosed && (!privates.isEmpty() || log != null && log.head() != cursor
                    || closing != null);
            if (!more || !SCHEDULED.compareAndSet(this, false, true)) {
                return;
            }
        }
    }

    /** Takes everything there is to send (in order), or null when the log overran this connection. */
    private List<TextMessage> take() {
        List<TextMessage> batch = new ArrayList<>();
        FrameLog log = frames;
        long next = cursor;
        long head = log == null ? next : log.head();
        for (Private p; (p = privates.peek()) != null; ) {
            if (p.after() > head) { // queued after this writer read the head: the frames before it are there now
                head = log.head();
            }
            next = takeFrames(log, next, Math.min(p.after(), head), batch);
            if (next < 0) {
                return null;
            }
            privates.poll();
            PRIVATE_QUEUED.getAndAdd(this, -1); // in the writer's hands now: there is room again
            batch.add(p.frame());
        }
        next = takeFrames(log, next, head, batch);
        if (next < 0) {
            return null;
        }
        cursor = next;
        return batch;
    }

    /** Adds the log's frames {@code [from, to)}; returns {@code to}, or -1 when one of them was overwritten. */
    private static long takeFrames(FrameLog log, long from, long to, List<TextMessage> batch) {
        for (long n = from; n < to; n++) {
            TextMessage frame = log.get(n);
            if (frame == null) {
                return -1;
            }
            batch.add(frame);
        }
        return Math.max(from, to);
    }

    /** Writes every frame there is so far in one go, then closes the socket if the connection is closing. */
    private void writeQueued() {
        if (sinkClosed) {
            privates.clear();
            return;
        }
        CloseStatus status = closing;
        boolean failed = false;
        if (status == null || status.getCode() != TOO_SLOW && sink.isOpen()) {
            List<TextMessage> batch = take();
            if (batch == null) { // the room's log went round past this connection's position
                CLOSING.compareAndSet(this, (CloseStatus) null,
                        new CloseStatus(TOO_SLOW, "too slow: more than " + capacity + " messages behind"));
                failed = true;
            } else if (!batch.isEmpty()) {
                try {
                    sink.send(batch);
                } catch (IOException | RuntimeException e) { // the peer is gone, or the container closed the session
                    log.debug("ws {} {}: send failed: {}", channel, id, e.toString());
                    CLOSING.compareAndSet(this, (CloseStatus) null, CloseStatus.NORMAL);
                    failed = true;
                }
            }
            status = closing;
            if (!failed && (status == null || !privates.isEmpty() && status.getCode() != TOO_SLOW)) {
                return; // open; or closing, with frames queued before the close still to send (drain comes back)
            }
        }
        privates.clear();
        sinkClosed = true;
        try {
            if (sink.isOpen()) {
                sink.close(status);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("ws {} {}: close failed: {}", channel, id, e.toString());
        }
    }
}
