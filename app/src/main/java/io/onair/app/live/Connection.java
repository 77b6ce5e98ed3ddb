package io.onair.app.live;

import io.onair.app.security.OnairUser;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open watch page: a bounded queue of frames (already serialised, shared by every connection of a room) and a
 * virtual thread that writes them. Broadcasting is an {@code offer} and never waits for a socket; a client that falls
 * {@code capacity} frames behind is closed with {@link #TOO_SLOW} (it reconnects and gets the history again) instead
 * of slowing the room or holding memory for it (mediamtx's reader queues, applied to chat).
 */
public final class Connection {
    /** Close code (application range 4000-4999) for a client that could not keep up; it may reconnect at once. */
    public static final int TOO_SLOW = 4001;
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final String CLOSE = new String("close"); // identity-compared sentinel

    private final WebSocketSession session;
    private final String channel;
    private final String visitor;
    private final Optional<OnairUser> user;
    private final BlockingQueue<String> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseStatus closeStatus = CloseStatus.NORMAL;

    public Connection(WebSocketSession session, String channel, String visitor, Optional<OnairUser> user,
            int capacity) {
        this.session = session;
        this.channel = channel;
        this.visitor = visitor;
        this.user = user;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for the close sentinel
        Thread.ofVirtual().name("ws-" + channel + "-" + session.getId()).start(this::run);
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
        return session.getId();
    }

    /** Queues a frame; a full queue closes the connection. False when the frame will not be sent. */
    public boolean offer(String frame) {
        if (closed.get()) {
            return false;
        }
        if (queue.remainingCapacity() <= 1 || !queue.offer(frame)) {
            close(new CloseStatus(TOO_SLOW, "too slow: " + (queue.size()) + " messages behind"));
            return false;
        }
        return true;
    }

    /** Sends what is queued, then closes with {@code status}. */
    public void close(CloseStatus status) {
        if (closed.compareAndSet(false, true)) {
            closeStatus = status;
            if (status.getCode() == TOO_SLOW) {
                queue.clear(); // nothing more for this client: it gets the history when it comes back
            }
            queue.offer(CLOSE);
        }
    }

    public boolean closed() {
        return closed.get();
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        try {
            while (true) {
                String frame = queue.take();
                if (frame == CLOSE) {
                    break;
                }
                session.sendMessage(new TextMessage(frame));
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("ws {} {}: send failed: {}", channel, session.getId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed.set(true);
        try {
            if (session.isOpen()) {
                session.close(closeStatus);
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("ws {} {}: close failed: {}", channel, session.getId(), e.toString());
        }
    }
}
