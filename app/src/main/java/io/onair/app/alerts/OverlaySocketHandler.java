package io.onair.app.alerts;

import io.onair.app.support.OverlaySettings;
import io.onair.app.support.SupportRepository;
import java.io.IOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/overlay/{secret}}: the alerts overlay's WebSocket. The secret in the path is the only credential (an
 * OBS Browser Source has no session); an unknown or rotated secret is closed with 4404 and rotation closes the
 * sockets of the old one at once.
 *
 * <p>Frames to the overlay: {@code {"type":"welcome","settings":{…}}}, then every unacknowledged alert
 * ({@code {"type":"alert","alert":{…}}}) oldest first, then new ones as they happen; {@code settings} when the
 * owner changes them. From the overlay: {@code {"type":"ack","id":N}} once an alert was shown. Unacked alerts are
 * sent again on the next connection, so an alert is at least delivered once; the page drops ids it has shown, so it
 * is shown at most once.
 */
public final class OverlaySocketHandler extends TextWebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(OverlaySocketHandler.class);
    /** Close code for an unknown or rotated secret: the page stops reconnecting and says so. */
    public static final CloseStatus UNKNOWN_SECRET = new CloseStatus(4404, "unknown overlay");
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int BUFFER_LIMIT = 512 * 1024;

    private final SupportRepository support;
    private final AlertRepository alerts;
    private final JsonMapper json;
    private final InstantSource clock;
    /** channel id → its open overlays. */
    private final ConcurrentHashMap<Long, Set<WebSocketSession>> sessions = new ConcurrentHashMap<>();

    public OverlaySocketHandler(SupportRepository support, AlertRepository alerts, JsonMapper json,
            InstantSource clock) {
        this.support = support;
        this.alerts = alerts;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT);
        Optional<Long> channel = secret(raw.getUri()).flatMap(support::channelBySecret);
        if (channel.isEmpty()) {
            raw.close(UNKNOWN_SECRET);
            return;
        }
        long id = channel.get();
        raw.getAttributes().put("channel", id);
        raw.getAttributes().put("decorated", session);
        // Joined before the replay is read: an alert made in between is sent twice at worst, and the page
        // de-duplicates by id.
        sessions.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(session);
        send(session, Map.of("type", "welcome", "settings", support.overlay(id)));
        for (Alert a : alerts.unacked(id)) {
            send(session, Map.of("type", "alert", "alert", a));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Object channel = session.getAttributes().get("channel");
        if (!(channel instanceof Long id)) {
            return;
        }
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (RuntimeException malformed) {
            return; // not JSON: ignored (the overlay page only ever sends acks)
        }
        if ("ack".equals(frame.path("type").asString(""))) {
            alerts.ack(id, frame.path("id").asLong(), clock.instant());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Object channel = session.getAttributes().get("channel");
        Object decorated = session.getAttributes().get("decorated");
        if (channel instanceof Long id && decorated instanceof WebSocketSession d) {
            Set<WebSocketSession> open = sessions.get(id);
            if (open != null) {
                open.remove(d);
            }
        }
    }

    /** Sends a new alert to the channel's open overlays. */
    public void push(long channelId, Alert alert) {
        broadcast(channelId, Map.of("type", "alert", "alert", alert));
    }

    public void settingsChanged(long channelId, OverlaySettings settings) {
        broadcast(channelId, Map.of("type", "settings", "settings", settings));
    }

    /** The secret was rotated: every overlay of the old one is closed (4404) now. */
    public void closeAll(long channelId) {
        Set<WebSocketSession> open = sessions.remove(channelId);
        if (open != null) {
            for (WebSocketSession s : List.copyOf(open)) {
                try {
                    s.close(UNKNOWN_SECRET);
                } catch (IOException | RuntimeException e) {
                    log.debug("closing overlay socket", e);
                }
            }
        }
    }

    private void broadcast(long channelId, Map<String, ?> frame) {
        Set<WebSocketSession> open = sessions.get(channelId);
        if (open == null || open.isEmpty()) {
            return;
        }
        String text = json.writeValueAsString(frame);
        for (WebSocketSession s : open) {
            sendText(s, text);
        }
    }

    private void send(WebSocketSession s, Map<String, ?> frame) {
        sendText(s, json.writeValueAsString(frame));
    }

    private static void sendText(WebSocketSession s, String text) {
        try {
            s.sendMessage(new TextMessage(text));
        } catch (IOException | RuntimeException e) {
            // Too slow or gone: the overlay reconnects and gets what it has not acked.
            log.debug("overlay send failed", e);
            try {
                s.close(CloseStatus.SESSION_NOT_RELIABLE);
            } catch (IOException | RuntimeException ignored) {
                // already closed
            }
        }
    }

    static Optional<String> secret(URI uri) {
        if (uri == null) {
            return Optional.empty();
        }
        String path = uri.getPath();
        String s = path.substring(path.lastIndexOf('/') + 1);
        return s.matches("[A-Za-z0-9_-]{20,64}") ? Optional.of(s) : Optional.empty();
    }
}
