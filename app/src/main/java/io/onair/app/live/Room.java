package io.onair.app.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.TextMessage;

/**
 * A channel's open watch pages. The room object itself is the lock that orders chat: a join (history read + join)
 * and a post (insert + broadcast) hold it, so a joining page sees every message exactly once, and every page sees
 * messages in id order.
 */
public final class Room {
    private final String channel;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Visitor → its open connections (tabs): the viewer count is the number of keys. */
    private final ConcurrentHashMap<String, Integer> visitors = new ConcurrentHashMap<>();
    private volatile int lastPushedViewers = -1;

    Room(String channel) {
        this.channel = channel;
    }

    public String channel() {
        return channel;
    }

    /** Adds the connection; its frames from now on include every broadcast. */
    public void add(Connection c) {
        if (connections.add(c)) {
            visitors.merge(c.visitor(), 1, Integer::sum);
        }
    }

    void remove(Connection c) {
        if (connections.remove(c)) {
            visitors.computeIfPresent(c.visitor(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Queues a frame for every connection; never waits (a too slow connection is closed instead). */
    public void broadcast(String frame) {
        broadcast(new TextMessage(frame));
    }

    /** The same message object goes to every connection: built once per broadcast, not once per viewer. */
    public void broadcast(TextMessage frame) {
        for (Connection c : connections) {
            if (!c.offer(frame)) {
                remove(c);
            }
        }
    }

    /** Distinct visitors with the page open. */
    public int visitors() {
        return visitors.size();
    }

    public int connections() {
        return connections.size();
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
