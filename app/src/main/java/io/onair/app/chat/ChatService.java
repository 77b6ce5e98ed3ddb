package io.onair.app.chat;

import io.onair.app.account.Account;
import io.onair.app.account.AccountRepository;
import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.follow.FollowRepository;
import io.onair.app.live.Connection;
import io.onair.app.live.LiveRooms;
import io.onair.app.live.Room;
import io.onair.app.security.OnairUser;
import io.onair.stream.Publication;
import io.onair.stream.StreamRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One chat room per channel with a row: every account channel, and the operator's static-key channels (V12, where
 * site admins and the moderators they appoint moderate).
 * Anonymous viewers read; accounts write, within these limits, checked in this order:
 * <ol>
 * <li>the text: 1 to {@value #MAX_CHARACTERS} characters (code points), no control characters;</li>
 * <li>not banned, not timed out (moderators set both);</li>
 * <li>followers-only mode: the author follows the channel;</li>
 * <li>slow mode: N seconds since the author's last message in this room;</li>
 * <li>the per-account rate limit ({@link ChatRateLimiter}).</li>
 * </ol>
 * The owner, moderators and site admins are exempt from 3 and 4. A message is written to the database before it
 * is broadcast or acknowledged (an insert is well under a millisecond at chat rates), so nothing a client was told
 * was sent is lost by a restart.
 */
public class ChatService {
    public static final int MAX_CHARACTERS = 500;
    /** Two weeks: the longest time-out; longer is a ban. */
    public static final long MAX_TIMEOUT_SECONDS = 14 * 86_400;

    private final ChatRepository repository;
    private final ChannelCatalog catalog;
    private final ChannelService channels;
    private final AccountRepository accounts;
    private final FollowRepository follows;
    private final LiveRooms rooms;
    private final StreamRegistry registry;
    private final ChatRateLimiter limiter;
    private final InstantSource clock;
    private final int history;
    private final java.util.Set<String> admins;
    private final ConcurrentHashMap<Long, ChatSettings> settings = new ConcurrentHashMap<>();
    /** channel → start of the broadcast whose start line was written (a take-over does not write another). */
    private final ConcurrentHashMap<String, Instant> announcedStarts = new ConcurrentHashMap<>();
    /** channel id → account id → when its last message was accepted (slow mode). */
    private final ConcurrentHashMap<Long, ConcurrentHashMap<Long, Instant>> lastPost = new ConcurrentHashMap<>();
    private final ChatSupporters supporters;

    public ChatService(ChatRepository repository, ChannelCatalog catalog, ChannelService channels,
            AccountRepository accounts, FollowRepository follows, LiveRooms rooms, StreamRegistry registry,
            ChatRateLimiter limiter, InstantSource clock, int history, java.util.Set<String> admins) {
        this(repository, catalog, channels, accounts, follows, rooms, registry, limiter, clock, history, admins,
                ChatSupporters.NONE);
    }

    /** @param supporters sub-only mode and subscriber badges (issue 6) */
    public ChatService(ChatRepository repository, ChannelCatalog catalog, ChannelService channels,
            AccountRepository accounts, FollowRepository follows, LiveRooms rooms, StreamRegistry registry,
            ChatRateLimiter limiter, InstantSource clock, int history, java.util.Set<String> admins,
            ChatSupporters supporters) {
        this.supporters = supporters;
        this.repository = repository;
        this.catalog = catalog;
        this.channels = channels;
        this.accounts = accounts;
        this.follows = follows;
        this.rooms = rooms;
        this.registry = registry;
        this.limiter = limiter;
        this.clock = clock;
        this.history = history;
        this.admins = java.util.Set.copyOf(admins);
    }

    /** What a page learns about the chat when it joins. */
    public record Joined(boolean enabled, boolean canModerate, ChatSettings settings, List<ChatMessage> messages) {
    }

    /**
     * Adds the connection to its room and returns the last messages, atomically with respect to posts: the page
     * receives each message once, either in this history or as a broadcast.
     */
    public Joined join(Connection connection) {
        Optional<ChannelRecord> channel = catalog.channel(connection.channel());
        Room room = rooms.room(connection.channel());
        synchronized (room) {
            List<ChatMessage> messages = channel.map(c -> repository.recent(c.id(), c.name(), history)).orElse(List.of());
            room.add(connection);
            return new Joined(channel.isPresent(),
                    channel.isPresent() && connection.user().map(u -> channels.canModerate(u, channel.get())).orElse(false),
                    channel.map(c -> settings(c.id())).orElse(ChatSettings.DEFAULT), messages);
        }
    }

    /** Issue 6: the badges of the authors of {@code messages} (the welcome's history), username → badges. */
    public Map<String, List<String>> historyBadges(String channelName, List<ChatMessage> messages) {
        Optional<ChannelRecord> channel = catalog.channel(channelName);
        java.util.Set<String> authors = new java.util.HashSet<>();
        for (ChatMessage m : messages) {
            if (m.user() != null) {
                authors.add(m.user());
            }
        }
        return channel.isEmpty() || authors.isEmpty() ? Map.of()
                : supporters.badgesByUsername(channel.get().id(), authors);
    }

    public List<ChatMessage> recent(String channelName) {
        ChannelRecord channel = chatChannel(channelName);
        return repository.recent(channel.id(), channel.name(), history);
    }

    /** Validates, persists and broadcasts a message; throws {@link ChatRejected} with the reason otherwise. */
    public ChatMessage post(OnairUser user, String channelName, String raw) {
        String text = validText(raw);
        ChannelRecord channel = catalog.channel(channelName).orElseThrow(() ->
                new ChatRejected(ChatRejected.Code.NO_CHAT, "This channel has no chat"));
        Instant now = clock.instant();
        // A page opened before its account was suspended or deleted still holds the account (the WebSocket's
        // handshake).
        if (catalog.suspended(user.username())) {
            throw new ChatRejected(ChatRejected.Code.BANNED, "Your account is suspended");
        }
        if (catalog.deleted(user.username())) {
            throw new ChatRejected(ChatRejected.Code.BANNED, "Your account was deleted");
        }
        Optional<ChatRepository.Ban> ban = repository.ban(channel.id(), user.id());
        if (ban.isPresent()) {
            Optional<Instant> until = ban.get().until();
            if (until.isEmpty()) {
                throw new ChatRejected(ChatRejected.Code.BANNED, "You are banned from this chat");
            }
            if (now.isBefore(until.get())) {
                Duration left = Duration.between(now, until.get());
                throw new ChatRejected(ChatRejected.Code.TIMED_OUT,
                        "You are timed out for " + seconds(left) + " more seconds", Optional.of(left));
            }
        }
        boolean moderator = channels.canModerate(user, channel);
        ChatSettings mode = settings(channel.id());
        if (!moderator && mode.followersOnly() && !follows.follows(user.id(), channel.id())) {
            throw new ChatRejected(ChatRejected.Code.FOLLOWERS_ONLY, "Followers-only chat: follow the channel to write");
        }
        if (!moderator && supporters.subscribersOnly(channel.id())
                && !supporters.badges(user.id(), channel.id()).contains("subscriber")) {
            throw new ChatRejected(ChatRejected.Code.SUBSCRIBERS_ONLY, "Subscribers-only chat: subscribe to write");
        }
        Room room = rooms.room(channel.name());
        synchronized (room) {
            ConcurrentHashMap<Long, Instant> last = lastPost.computeIfAbsent(channel.id(), k -> new ConcurrentHashMap<>());
            if (!moderator && mode.slowModeSeconds() > 0) {
                Instant previous = last.get(user.id());
                Instant allowed = previous == null ? now : previous.plusSeconds(mode.slowModeSeconds());
                if (now.isBefore(allowed)) {
                    Duration left = Duration.between(now, allowed);
                    throw new ChatRejected(ChatRejected.Code.SLOW_MODE, "Slow mode: one message every "
                            + mode.slowModeSeconds() + " seconds; wait " + seconds(left) + " s", Optional.of(left));
                }
            }
            Optional<Duration> wait = limiter.acquire(user.id());
            if (wait.isPresent()) {
                throw new ChatRejected(ChatRejected.Code.RATE_LIMITED, "You are sending messages too fast; wait "
                        + seconds(wait.get()) + " s", wait);
            }
            Optional<Instant> streamStart = streamStart(channel.name());
            Optional<Long> offset = offsetMs(streamStart, now);
            long id = repository.insert(channel.id(), user.id(), user.username(), text, now, streamStart, offset);
            last.put(user.id(), now);
            ChatMessage message = new ChatMessage(id, channel.name(), user.username(), text, now,
                    offset.map(ms -> ms / 1000.0));
            Map<String, Object> chatFrame = frame("chat", "message", message);
            // Issue 6: the author's badges when sent ("subscriber"); history on join carries none yet.
            chatFrame.put("badges", supporters.badges(user.id(), channel.id()));
            room.broadcast(rooms.json(chatFrame));
            return message;
        }
    }

    /** When the broadcast a line is sent during started; empty while the channel is offline. */
    private Optional<Instant> streamStart(String channelName) {
        return registry.current(channelName).map(Publication::startedAt);
    }

    /** How far into that broadcast {@code at} is, in ms (the line's stream time). */
    private static Optional<Long> offsetMs(Optional<Instant> streamStart, Instant at) {
        return streamStart.map(s -> Math.max(0, Duration.between(s, at).toMillis()));
    }

    /**
     * A donation's line (issue 6): the donor's message, stored in the caller's transaction (the payment's), so it is
     * in the history of pages that join later and in the replay's chat, at the stream time it was made. The caller
     * pushes it to the room (the {@code donation} frame) once that transaction committed.
     */
    public ChatMessage recordDonation(long channelId, String channelName, long accountId, String username,
            String message, Instant at, ChatMessage.Donation donation) {
        Optional<Instant> streamStart = streamStart(channelName);
        Optional<Long> offset = offsetMs(streamStart, at);
        long id = repository.insertDonation(channelId, accountId, username, message, at, streamStart, offset,
                donation.payment());
        return new ChatMessage(id, channelName, username, message, at, offset.map(ms -> ms / 1000.0), null,
                donation);
    }

    /**
     * The system line for a broadcast that started (stream time 0) or ended (stream time: its length), stored with the
     * messages (pages joining later see it in the history) and sent to the room. Channels without chat have none; a
     * publisher taking over the broadcast (a start with no end before it) does not write a second start.
     */
    public void streamStarted(Publication publication) {
        if (announcedStarts.putIfAbsent(publication.channel(), publication.startedAt()) == null) {
            system(publication, ChatMessage.STREAM_START, "The stream started", publication.startedAt());
        }
    }

    public void streamEnded(Publication publication) {
        Instant started = announcedStarts.remove(publication.channel());
        system(publication, ChatMessage.STREAM_END, "The stream ended", clock.instant(), started);
    }

    private void system(Publication publication, String kind, String text, Instant at) {
        system(publication, kind, text, at, publication.startedAt());
    }

    /** @param started when the broadcast started (after a take-over: the first publisher's start) */
    private void system(Publication publication, String kind, String text, Instant at, Instant started) {
        if (started == null) {
            started = publication.startedAt();
        }
        system(publication.channel(), kind, text, at, started);
    }

    private void system(String channelName, String kind, String text, Instant at, Instant started) {
        Optional<ChannelRecord> found = catalog.channel(channelName);
        if (found.isEmpty()) {
            return;
        }
        ChannelRecord channel = found.get();
        long offset = Math.max(0, Duration.between(started, at).toMillis());
        Room room = rooms.room(channel.name());
        synchronized (room) {
            long id = repository.insertSystem(channel.id(), kind, text, at, Optional.of(started), Optional.of(offset));
            ChatMessage message = new ChatMessage(id, channel.name(), null, text, at, Optional.of(offset / 1000.0), kind);
            room.broadcast(rooms.json(frame("chat", "message", message)));
        }
    }

    /** Moderators: the message disappears for everyone (it stays in the database, marked). Idempotent. */
    public void delete(OnairUser user, String channelName, long messageId) {
        ChannelRecord channel = moderated(user, channelName);
        if (!repository.delete(channel.id(), messageId, user.id(), clock.instant())) {
            throw ApiException.notFound("No message " + messageId + " in this chat");
        }
        rooms.broadcast(channel.name(), frame("deleted", "id", messageId));
    }

    /**
     * Moderators: a ban ({@code duration} empty) or a time-out. The owner and moderators cannot be banned. A ban also
     * removes every message of the banned account from the room, for everyone: marked deleted in the database (so
     * not in the history either) and one {@code deleted} frame naming the user rather than one per message (a page
     * removes every line by that user; the frame stays small however much they wrote). A time-out removes nothing.
     */
    public void ban(OnairUser user, String channelName, String username, Optional<Duration> duration) {
        ChannelRecord channel = moderated(user, channelName);
        Account target = account(username);
        if (target.id() == channel.ownerId() || channels.canModerate(asUser(target), channel)) {
            throw ApiException.forbidden("The channel's owner, its moderators and site admins cannot be banned");
        }
        if (duration.isPresent() && (duration.get().toSeconds() < 1 || duration.get().toSeconds() > MAX_TIMEOUT_SECONDS)) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("seconds",
                    "must be between 1 and " + MAX_TIMEOUT_SECONDS)));
        }
        Instant now = clock.instant();
        repository.putBan(channel.id(), target.id(), duration.map(now::plus), user.id(), now);
        Map<String, Object> f = frame("moderation", "action", duration.isPresent() ? "timeout" : "ban");
        f.put("user", target.username());
        duration.ifPresent(d -> f.put("seconds", d.toSeconds()));
        if (duration.isPresent()) {
            rooms.broadcast(channel.name(), f);
            return;
        }
        Room room = rooms.room(channel.name());
        synchronized (room) { // no message of the banned user can be between the marking and the frame
            repository.deleteAllBy(channel.id(), target.id(), user.id(), now);
            room.broadcast(rooms.json(f));
            room.broadcast(rooms.json(frame("deleted", "user", target.username())));
        }
    }

    /**
     * The account is being deleted: every message it wrote goes, from the database (history and replays' chat) and
     * from open pages, one {@code deleted} frame per room naming the user (as a ban does). Unlike a ban's marking
     * the rows are erased: what a person wrote leaves with them.
     */
    public void eraseAuthor(long accountId, String username) {
        for (String channel : repository.channelsWithMessagesBy(accountId)) {
            Room room = rooms.room(channel);
            synchronized (room) {
                repository.eraseAllBy(channel, accountId);
                room.broadcast(rooms.json(frame("deleted", "user", username)));
            }
        }
    }

    /** Moderators: the bans and time-outs in force, newest first. */
    public List<ChatRepository.BanEntry> bans(OnairUser user, String channelName) {
        if (user == null) { // GET /api/channels/** is open to anonymous readers: this one is not
            throw new ApiException(org.springframework.http.HttpStatus.UNAUTHORIZED, "Log in as a moderator",
                    List.of());
        }
        return repository.bans(moderated(user, channelName).id(), clock.instant());
    }

    public void unban(OnairUser user, String channelName, String username) {
        ChannelRecord channel = moderated(user, channelName);
        Account target = account(username);
        if (repository.removeBan(channel.id(), target.id())) {
            Map<String, Object> f = frame("moderation", "action", "unban");
            f.put("user", target.username());
            rooms.broadcast(channel.name(), f);
        }
    }

    public ChatSettings settings(String channelName) {
        return settings(chatChannel(channelName).id());
    }

    public ChatSettings updateSettings(OnairUser user, String channelName, ChatSettings requested) {
        ChannelRecord channel = moderated(user, channelName);
        if (requested.slowModeSeconds() < 0 || requested.slowModeSeconds() > ChatSettings.MAX_SLOW_MODE_SECONDS) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("slowModeSeconds",
                    "must be between 0 and " + ChatSettings.MAX_SLOW_MODE_SECONDS)));
        }
        repository.putSettings(channel.id(), requested, clock.instant());
        settings.put(channel.id(), requested);
        Map<String, Object> f = frame("settings", "slowModeSeconds", requested.slowModeSeconds());
        f.put("followersOnly", requested.followersOnly());
        rooms.broadcast(channel.name(), f);
        return requested;
    }

    private ChatSettings settings(long channelId) {
        return settings.computeIfAbsent(channelId, repository::settings);
    }

    static String validText(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            throw new ChatRejected(ChatRejected.Code.EMPTY, "The message is empty");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_CHARACTERS) {
            throw new ChatRejected(ChatRejected.Code.TOO_LONG,
                    "Messages are at most " + MAX_CHARACTERS + " characters (this one has " + length + ")");
        }
        if (text.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
            throw new ChatRejected(ChatRejected.Code.INVALID, "The message contains control characters");
        }
        return text;
    }

    private ChannelRecord chatChannel(String name) {
        return catalog.channel(name).orElseThrow(() -> ApiException.notFound("No chat for '" + name + "'"));
    }

    private ChannelRecord moderated(OnairUser user, String name) {
        ChannelRecord channel = chatChannel(name);
        if (!channels.canModerate(user, channel)) {
            throw ApiException.forbidden("Only the channel's owner, its moderators and site admins moderate its chat");
        }
        return channel;
    }

    private Account account(String username) {
        return accounts.byUsername(username.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ApiException.notFound("No account named '" + username + "'"));
    }

    private OnairUser asUser(Account a) {
        return new OnairUser(a.id(), a.username(), null, admins.contains(a.username()));
    }

    private static Map<String, Object> frame(String type, String key, Object value) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", type);
        f.put(key, value);
        return f;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
