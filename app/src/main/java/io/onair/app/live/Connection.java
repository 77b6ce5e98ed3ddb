package io.onair.app.live;

import io.onair.app.security.OnairUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * One open watch page: a bounded queue of frames (built once per broadcast and shared by every connection of a room)
 * and a writer that drains it. Broadcasting is an {@code offer} and never waits for a socket; a client that falls
 * {@code capacity} frames behind is closed with {@link #TOO_SLOW} (it reconnects and gets the history again) instead
 * of slowing the room or holding memory for it (mediamtx's reader queues, applied to chat).
 *
 * <p>The writer is not a thread per connection parked on its queue: it is a task handed to {@code writers} only when
 * the queue goes from empty to non-empty, and it writes everything queued by then in one go (one socket write for a
 * burst, see {@link SessionSink}) before it ends. A room's message thus costs each connection a lock-free enqueue and
 * at most one short task, and a connection that is behind catches up in batches instead of one write per frame. At
 * most one writer per connection runs at a time (the {@code scheduled} flag), so frames leave in queue order; a
 * write blocked on a full socket holds only that connection's writer (on a virtual thread it parks), whose queue
 * then fills until the connection is closed as too slow.
 */
public final class Connection {
    /** Close code (application range 4000-4999) for a client that could not keep up; it may reconnect at once. */
    public static final int TOO_SLOW = 4001;
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final FrameSink sink;
    private final String id;
    private final String channel;
    private final String visitor;
    private final Optional<OnairUser> user;
    private final int capacity;
    private final Executor writers;
    private final ConcurrentLinkedQueue<TextMessage> queue = new ConcurrentLinkedQueue<>();
    /** Frames offered and not yet taken by the writer (at times one ahead of the queue: counted before added). */
    private final AtomicInteger queued = new AtomicInteger();
    /** True from the moment a writer task is handed to {@code writers} until it has seen an empty queue. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Set once, by the first close; the writer closes the socket with it. */
    private final AtomicReference<CloseStatus> closing = new AtomicReference<>();
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

    /** Who is watching, for the viewer count: one per account or per browser session, however many tabs. */
    public String visitor() {
        return visitor;
    }

    public Optional<OnairUser> user() {
        return user;
    }

    public String id() {
        return id;
    }

    /** Queues a frame (shared, never copied); a full queue closes the connection. False when it will not be sent. */
    public boolean offer(TextMessage frame) {
        if (closing.get() != null) {
            return false;
        }
        int behind = queued.incrementAndGet();
        if (behind > capacity) {
            close(new CloseStatus(TOO_SLOW, "too slow: " + (behind - 1) + " messages behind"));
            return false;
        }
        queue.add(frame);
        schedule();
        return true;
    }

    /** Sends what is queued, then closes with {@code status}; a client closed as too slow gets nothing more. */
    public void close(CloseStatus status) {
        if (closing.compareAndSet(null, status)) {
            if (status.getCode() == TOO_SLOW) {
                queue.clear(); // nothing more for this client: it gets the history when it comes back
            }
            schedule();
        }
    }

    public boolean closed() {
        return closing.get() != null;
    }

    int queued() {
        return queued.get();
    }

    /** Starts a writer unless one is already scheduled: one task per burst, however many frames it brings. */
    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) { // shutting down: nobody will write for this client
                closing.compareAndSet(null, CloseStatus.SERVICE_RESTARTED);
                queue.clear();
            }
        }
    }

    private void drain() {
        while (true) {
            writeQueued();
            scheduled.set(false);
            // A frame (or a close) that came after the last poll and lost the race for the flag to this writer is
            // written by this writer; if the offer won it, its own task runs and this one ends.
            boolean more = !queue.isEmpty() || (closing.get() != null && !sinkClosed);
            if (!more || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Writes every frame queued so far in one go, then closes the socket if the connection is closing. */
    private void writeQueued() {
        if (sinkClosed) {
            queue.clear();
            return;
        }
        CloseStatus status = closing.get();
        boolean failed = false;
        if (status == null || status.getCode() != TOO_SLOW && sink.isOpen()) {
            List<TextMessage> batch = new ArrayList<>();
            for (TextMessage frame; (frame = queue.poll()) != null; ) {
                batch.add(frame);
            }
            queued.addAndGet(-batch.size()); // in the writer's hands now: the queue has room again
            if (!batch.isEmpty()) {
                try {
                    sink.send(batch);
                } catch (IOException | RuntimeException e) { // the peer is gone, or the container closed the session
                    log.debug("ws {} {}: send failed: {}", channel, id, e.toString());
                    closing.compareAndSet(null, CloseStatus.NORMAL);
                    failed = true;
                }
            }
            status = closing.get();
            if (!failed && (status == null || !queue.isEmpty() && status.getCode() != TOO_SLOW)) {
                return; // open; or closing, with frames queued before the close still to send (drain comes back)
            }
        }
        queue.clear();
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
