package io.onair.app.live;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every channel's {@link Room}, and the frames sent to them: each frame is serialised once per broadcast and the
 * same message object is queued for every connection. Rooms are kept for the life of the server (one small object
 * per channel that was ever watched), so the room lock of a channel is always the same object.
 *
 * <p>Viewers: distinct visitors (accounts, or browser sessions for anonymous viewers) with the watch page open,
 * counted while the channel is live; 0 while it is offline.
 */
public final class LiveRooms {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final JsonMapper json;
    private final Predicate<String> live;

    public LiveRooms(JsonMapper json, Predicate<String> live) {
        this.json = json;
        this.live = live;
    }

    public Room room(String channel) {
        return rooms.computeIfAbsent(channel, Room::new);
    }

    public void leave(Connection c) {
        Room room = rooms.get(c.channel());
        if (room != null) {
            room.remove(c);
        }
    }

    /** Serialises {@code frame} (a map with a {@code type}) once and queues it for every page of the channel. */
    public void broadcast(String channel, Map<String, ?> frame) {
        Room room = rooms.get(channel);
        if (room != null) {
            room.broadcast(json(frame));
        }
    }

    public String json(Map<String, ?> frame) {
        return json.writeValueAsString(frame);
    }

    /** Concurrent viewers of a live channel; 0 when it is not live. */
    public int viewers(String channel) {
        Room room = rooms.get(channel);
        return room == null || !live.test(channel) ? 0 : room.visitors();
    }

    /** Pushes the viewer count of every room whose count changed since the last push (called once a second). */
    public void pushViewerCounts() {
        for (Room room : rooms.values()) {
            int viewers = viewers(room.channel());
            if (room.connections() > 0 && room.viewersChanged(viewers)) {
                room.broadcast(json(Map.of("type", "viewers", "count", viewers)));
            }
        }
    }

    /** A frame to every connection, so idle proxies keep it open and clients can tell a dead connection. */
    public void heartbeat() {
        TextMessage ping = new TextMessage(json(Map.of("type", "ping")));
        rooms.values().forEach(r -> r.broadcast(ping));
    }

    Collection<Room> rooms() {
        return rooms.values();
    }
}
