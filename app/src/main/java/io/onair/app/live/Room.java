package io.onair.app.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.TextMessage;

/**
 * A channel's open watch pages. The room object itself is the lock that orders chat: a join (history read + join)
 * and a post (insert + broadcast) hold it, so a joining page sees every message exactly once, and every page sees
 * messages in id order. Every broadcast holds it too, so all pages of a room get its frames in one order.
 *
 * <p>A broadcast is not queued per connection: it is appended once to the room's {@link FrameLog} and each
 * connection is only told there is something to write ({@link Connection#wake}); its writer then reads the frames
 * it has not written from the log. A message to 5,000 pages is thus one append and 5,000 flag checks (and a writer
 * start for each page that was idle), not 5,000 queue insertions, each a node allocated and linked into a queue that
 * another thread drains: in the chat benchmark (docs/benchmarks.md, section 5) those insertions and removals were a
 * quarter of the server's CPU samples, and the posting request did the insertions one after another while every
 * page waited for its turn.
 */
public final class Room {
    private final String channel;
    /** The connections, in no particular order; changed and read under the room's lock. */
    private final List<Connection> connections = new ArrayList<>();
    private volatile int connectionCount;
    /** Visitor → its open connections (tabs): the viewer count is the number of keys. */
    private final ConcurrentHashMap<String, Integer> visitors = new ConcurrentHashMap<>();
    private final FrameLog log = new FrameLog(16);
    private volatile int lastPushedViewers = -1;

    Room(String channel) {
        this.channel = channel;
    }

    public String channel() {
        return channel;
    }

    /** Adds the connection; its frames from now on include every broadcast. */
    public synchronized void add(Connection c) {
        if (c.roomIndex >= 0 || c.closed()) {
            return;
        }
        // The log keeps twice what a connection may fall behind, so a writer that is still within its limit never
        // finds its next frame overwritten (one past it, it is closed as too slow).
        log.atLeast(2 * c.capacity());
        c.attach(log);
        c.roomIndex = connections.size();
        connections.add(c);
        connectionCount = connections.size();
        if (c.visitor() != null) {
            visitors.merge(c.visitor(), 1, Integer::sum);
        }
    }

    synchronized void remove(Connection c) {
        int i = c.roomIndex;
        if (i < 0 || i >= connections.size() || connections.get(i) != c) {
            return;
        }
        Connection last = connections.removeLast();
        if (last != c) { // the last one takes the removed one's place: O(1), order does not matter
            connections.set(i, last);
            last.roomIndex = i;
        }
        c.roomIndex = -1;
        connectionCount = connections.size();
        if (c.visitor() != null) {
            visitors.computeIfPresent(c.visitor(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Queues a frame for every connection; never waits (a too slow connection is closed instead). */
    public void broadcast(String frame) {
        broadcast(new TextMessage(frame));
    }

    /** The same message object goes to every connection: built once per broadcast, not once per viewer. */
    public synchronized void broadcast(TextMessage frame) {
        if (connections.isEmpty()) {
            return; // nobody to read it; a page that joins later starts after it anyway
        }
        long head = log.append(frame);
        // Backwards, so that removing (the last one moves into the removed one's place) skips nobody.
        for (int i = connections.size() - 1; i >= 0; i--) {
            Connection c = connections.get(i);
            if (!c.wake(head)) {
                remove(c);
            }
        }
    }

    /** Distinct visitors with the page open. */
    public int visitors() {
        return visitors.size();
    }

    public int connections() {
        return connectionCount;
    }

    /** True (and remembered) when {@code viewers} differs from the count pushed last. */
    boolean viewersChanged(int viewers) {
        if (viewers == lastPushedViewers) {
            return false;
        }
        lastPushedViewers = viewers;
        return true;
    }
}
