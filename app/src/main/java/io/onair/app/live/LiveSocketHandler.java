package io.onair.app.live;

import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelInfo;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.chat.ChatRejected;
import io.onair.app.chat.ChatService;
import io.onair.app.ingest.ChannelKeys;
import io.onair.app.security.OnairUser;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/channels/{channel}}: the watch page's one WebSocket. Plain JSON text frames, each an object with a
 * {@code type}. The server sends {@code welcome} first (info, live state, viewers, chat history and what this
 * client may do), then {@code info}, {@code stream}, {@code viewers}, {@code chat}, {@code deleted},
 * {@code moderation}, {@code settings}, {@code ping}; and to the sender alone {@code ack} or {@code rejected}.
 * The client sends {@code {"type":"send","text":…,"nonce":…}} (accounts only; the session cookie of the handshake
 * says who) and may send {@code {"type":"ping"}}.
 */
public final class LiveSocketHandler extends TextWebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(LiveSocketHandler.class);
    static final String CONNECTION = "onair.connection";
    static final String VISITOR = "onair.visitor";
    /** Close code for a channel that does not exist. */
    static final int NO_SUCH_CHANNEL = 4004;

    private final LiveRooms rooms;
    private final ChatService chat;
    private final ChannelKeys keys;
    private final ChannelCatalog catalog;
    private final StreamRegistry registry;
    private final JsonMapper json;
    private final int sendQueue;
    private final Executor writers;

    /** @param writers runs the connections' writer tasks (see {@link Connection}): one virtual thread each */
    public LiveSocketHandler(LiveRooms rooms, ChatService chat, ChannelKeys keys, ChannelCatalog catalog,
            StreamRegistry registry, JsonMapper json, int sendQueue, Executor writers) {
        this.rooms = rooms;
        this.chat = chat;
        this.keys = keys;
        this.catalog = catalog;
        this.registry = registry;
        this.json = json;
        this.sendQueue = sendQueue;
        this.writers = writers;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        String path = session.getUri() == null ? "" : session.getUri().getPath();
        String channel = path.substring(path.lastIndexOf('/') + 1);
        if (!keys.has(channel)) {
            session.close(new CloseStatus(NO_SUCH_CHANNEL, "no such channel"));
            return;
        }
        Optional<OnairUser> user = user(session);
        // ?counted=false: a page that shows the chat but no video (the embeddable chat) is not a viewer.
        boolean counted = session.getUri() == null || !"false".equals(org.springframework.web.util.UriComponentsBuilder
                .fromUri(session.getUri()).build().getQueryParams().getFirst("counted"));
        String visitor = !counted ? null : user.map(u -> "u:" + u.id())
                .or(() -> Optional.ofNullable((String) session.getAttributes().get(VISITOR)).map(v -> "v:" + v))
                .orElse("c:" + session.getId());
        Connection connection = new Connection(new SessionSink(session), session.getId(), channel, visitor, user,
                sendQueue, writers);
        session.getAttributes().put(CONNECTION, connection);
        // Queued before the join so it is the first frame; the join itself is atomic with chat posts.
        ChatService.Joined joined;
        synchronized (rooms.room(channel)) {
            joined = chat.join(connection);
            connection.offer(new TextMessage(rooms.json(welcome(channel, user, joined))));
        }
    }

    private Map<String, Object> welcome(String channel, Optional<OnairUser> user, ChatService.Joined joined) {
        Optional<Publication> publication = registry.current(channel);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "welcome");
        f.put("channel", channel);
        f.put("info", catalog.channel(channel).map(ChannelRecord::info).orElse(ChannelInfo.EMPTY));
        f.put("live", publication.isPresent());
        f.put("startedAt", publication.map(Publication::startedAt).orElse(null));
        f.put("viewers", rooms.viewers(channel));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("enabled", joined.enabled());
        c.put("user", user.map(OnairUser::username).orElse(null));
        c.put("canWrite", joined.enabled() && user.isPresent());
        c.put("canModerate", joined.canModerate());
        // Site admins get a "Suspend account" tool on every line (the API checks again).
        c.put("siteAdmin", user.map(OnairUser::admin).orElse(false));
        c.put("slowModeSeconds", joined.settings().slowModeSeconds());
        c.put("followersOnly", joined.settings().followersOnly());
        c.put("maxLength", ChatService.MAX_CHARACTERS);
        f.put("chat", c);
        f.put("messages", joined.messages());
        // Issue 6: the history's subscriber badges (live chat frames carry their own), username → badges.
        f.put("badges", chat.historyBadges(channel, joined.messages()));
        return f;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        JsonNode in;
        try {
            in = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            connection.close(new CloseStatus(CloseStatus.NOT_ACCEPTABLE.getCode(), "frames are JSON objects"));
            return;
        }
        String type = in.path("type").asString("");
        if (type.equals("ping")) {
            return;
        }
        if (!type.equals("send")) {
            connection.close(new CloseStatus(CloseStatus.NOT_ACCEPTABLE.getCode(), "unknown frame type"));
            return;
        }
        String nonce = in.path("nonce").asString("");
        if (nonce.length() > 64) {
            nonce = nonce.substring(0, 64);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("nonce", nonce);
        try {
            if (connection.user().isEmpty()) {
                throw new ChatRejected(ChatRejected.Code.NOT_LOGGED_IN, "Log in to chat");
            }
            long id = chat.post(connection.user().get(), connection.channel(), in.path("text").asString("")).id();
            answer.put("type", "ack");
            answer.put("id", id);
        } catch (ChatRejected e) {
            answer.put("type", "rejected");
            answer.put("code", e.code().wire());
            answer.put("reason", e.getMessage());
            e.retryAfter().ifPresent(d -> answer.put("retryAfter", Math.max(1, (d.toMillis() + 999) / 1000)));
        } catch (RuntimeException e) {
            log.warn("ws {}: posting failed", connection.channel(), e);
            answer.put("type", "rejected");
            answer.put("code", "error");
            answer.put("reason", "The message could not be sent");
        }
        connection.offer(new TextMessage(rooms.json(answer)));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (connection != null) {
            connection.close(status);
            rooms.leave(connection);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("ws transport error: {}", exception.toString());
    }

    private static Optional<OnairUser> user(WebSocketSession session) {
        return session.getPrincipal() instanceof Authentication a && a.isAuthenticated()
                && a.getPrincipal() instanceof OnairUser u ? Optional.of(u) : Optional.empty();
    }
}
