package io.onair.app.live;

import io.onair.app.account.AccountRepository;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelInfoChanged;
import io.onair.app.channel.ChannelService;
import io.onair.app.chat.ChatRateLimiter;
import io.onair.app.chat.ChatRepository;
import io.onair.app.chat.ChatService;
import io.onair.app.config.OnairProperties;
import io.onair.app.follow.FollowRepository;
import io.onair.app.ingest.ChannelKeys;
import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import io.onair.stream.StreamListener;
import io.onair.stream.StreamRegistry;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The watch page's WebSocket, its rooms and the chat. Plain JSON frames over Spring's raw WebSocket support rather
 * than STOMP: one topic per connection (its channel) and a handful of frame types need no broker, subscriptions or
 * a client library; the browser's own {@code WebSocket} and {@code JSON.parse} are the whole client.
 *
 * <p>The handshake: allowed origins are Spring's default, this origin only ({@code Origin} must match {@code Host}),
 * which with the SameSite=Lax session cookie is what stops another site from opening a socket as a logged-in
 * viewer (the handshake is a GET, which the CSRF token does not cover).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@org.springframework.boot.context.properties.EnableConfigurationProperties(LiveProperties.class)
public class LiveWiring implements WebSocketConfigurer {
    private final LiveSocketHandler handler;
    private final VisitorCookie visitorCookie;

    public LiveWiring(LiveSocketHandler handler, VisitorCookie visitorCookie) {
        this.handler = handler;
        this.visitorCookie = visitorCookie;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws/channels/*").addInterceptors(visitorCookie);
    }

    @Bean
    static VisitorCookie visitorCookie() {
        return new VisitorCookie();
    }

    @Bean
    static FilterRegistrationBean<VisitorCookie> visitorCookieFilter(VisitorCookie cookie) {
        FilterRegistrationBean<VisitorCookie> bean = new FilterRegistrationBean<>(cookie);
        bean.addUrlPatterns("/*");
        return bean;
    }

    /** Inbound frame limit (larger: closed with 1009); idle connections time out (the heartbeat keeps live ones). */
    @Bean
    static ServletServerContainerFactoryBean webSocketContainer(LiveProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.maxFrameBytes());
        container.setMaxBinaryMessageBufferSize(properties.maxFrameBytes());
        container.setMaxSessionIdleTimeout(properties.heartbeat().multipliedBy(3).toMillis());
        return container;
    }

    @Bean
    static LiveRooms liveRooms(JsonMapper json, StreamRegistry registry) {
        return new LiveRooms(json, channel -> registry.current(channel).isPresent());
    }

    @Bean
    static ChatService chatService(ChatRepository repository, ChannelCatalog catalog, ChannelService channels,
            AccountRepository accounts, FollowRepository follows, LiveRooms rooms, StreamRegistry registry,
            InstantSource clock, LiveProperties live, OnairProperties properties,
            io.onair.app.chat.ChatSupporters supporters) {
        return new ChatService(repository, catalog, channels, accounts, follows, rooms, registry,
                new ChatRateLimiter(clock, live.ratePerSecond(), live.burst()), clock, live.history(),
                new HashSet<>(properties.admin().usernames()), supporters);
    }

    @Bean
    static LiveSocketHandler liveSocketHandler(LiveRooms rooms, ChatService chat, ChannelKeys keys,
            ChannelCatalog catalog, StreamRegistry registry, JsonMapper json, LiveProperties properties) {
        return new LiveSocketHandler(rooms, chat, keys, catalog, registry, json, properties.sendQueue(), writers());
    }

    /**
     * Where the connections' writers run: a virtual thread per writer task (one per burst of frames for a
     * connection, see {@link Connection}), so a write blocked on a full socket parks only itself. The threads do not
     * inherit the starting thread's inheritable thread-locals: a writer started by a chat post would otherwise copy
     * the request's (and carry it after the request ended). Not a bean: an {@code Executor} bean would replace
     * Spring Boot's application task executor.
     */
    private static Executor writers() {
        ThreadFactory threads = Thread.ofVirtual().name("ws-writer").inheritInheritableThreadLocals(false).factory();
        return task -> threads.newThread(task).start();
    }

    /** Viewer counts (coalesced: at most one push a second per room) and heartbeats, on one daemon thread. */
    @Bean(destroyMethod = "shutdownNow")
    static ScheduledExecutorService liveTicker(LiveRooms rooms, LiveProperties properties) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("live-ticker").daemon().factory());
        ticker.scheduleAtFixedRate(guard(rooms::pushViewerCounts), 1, 1, TimeUnit.SECONDS);
        long beat = properties.heartbeat().toMillis();
        ticker.scheduleAtFixedRate(guard(rooms::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
        return ticker;
    }

    private static Runnable guard(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LiveWiring.class).warn("live ticker task failed", e);
            }
        };
    }

    /** Stream start and end (system lines in chat, the page starts or stops its player) and info edits. */
    @Bean
    static LivePush livePush(LiveRooms rooms, ChatService chat, StreamRegistry registry,
            ScheduledExecutorService liveTicker) {
        LivePush push = new LivePush(rooms, chat, liveTicker);
        registry.addListener(push);
        return push;
    }

    /** Forwards registry and application events to the rooms, off the publisher's thread. */
    public static final class LivePush implements StreamListener {
        private final LiveRooms rooms;
        private final ChatService chat;
        private final ScheduledExecutorService executor;

        LivePush(LiveRooms rooms, ChatService chat, ScheduledExecutorService executor) {
            this.rooms = rooms;
            this.chat = chat;
            this.executor = executor;
        }

        /** The stream frame, then the system line stored in the chat (a failure to store it is logged). */
        private void announce(String channel, Map<String, Object> frame, Runnable systemLine) {
            executor.execute(() -> {
                rooms.broadcast(channel, frame);
                try {
                    systemLine.run();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(LiveWiring.class).warn("chat {}: system line failed", channel, e);
                }
            });
        }

        @Override
        public void onStart(Publication publication) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "stream");
            f.put("live", true);
            f.put("startedAt", publication.startedAt());
            announce(publication.channel(), f, () -> chat.streamStarted(publication));
        }

        @Override
        public void onEnd(Publication publication, EndReason reason) {
            if (reason == EndReason.TAKEN_OVER) {
                return; // the same broadcast goes on with the new publisher (its onStart follows)
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "stream");
            f.put("live", false);
            f.put("startedAt", publication.startedAt());
            announce(publication.channel(), f, () -> chat.streamEnded(publication));
        }

        @EventListener
        public void infoChanged(ChannelInfoChanged event) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "info");
            f.put("info", event.info());
            rooms.broadcast(event.channel(), f);
        }
    }
}
