package io.onair.app.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.onair.app.account.Account;
import io.onair.app.account.AccountRepository;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelInfo;
import io.onair.app.channel.ChannelRecord;
import io.onair.app.channel.ChannelService;
import io.onair.app.follow.FollowRepository;
import io.onair.app.live.LiveRooms;
import io.onair.app.security.OnairUser;
import io.onair.stream.StreamRegistry;
import io.onair.stream.StreamSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chat limits on a fake clock, with the repositories mocked: the rate limit (1/s, burst 5), slow mode, time-outs
 * and bans, followers-only, message length. Nothing sleeps.
 */
class ChatLimitsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = () -> now.get();
    private final ChatRepository repository = mock(ChatRepository.class);
    private final ChannelService channels = mock(ChannelService.class);
    private final AccountRepository accounts = mock(AccountRepository.class);
    private final FollowRepository follows = mock(FollowRepository.class);
    private final AtomicLong ids = new AtomicLong();
    private final OnairUser alice = new OnairUser(2, "alice", null, false);
    private final OnairUser owner = new OnairUser(1, "room", null, false);
    private final ChannelRecord room = new ChannelRecord(10, "room", 1, "k".repeat(32), T0, ChannelInfo.EMPTY, T0, T0);
    private ChatService chat;

    @BeforeEach
    void setUp() {
        StreamRegistry registry = new StreamRegistry(clock, StreamSettings.defaults());
        chat = new ChatService(repository, new ChannelCatalog(List.of(room)), channels, accounts, follows,
                new LiveRooms(JsonMapper.builder().build(), c -> false), registry,
                new ChatRateLimiter(clock, 1.0, 5), clock, 50, Set.of());
        when(repository.insert(anyLong(), anyLong(), anyString(), anyString(), any(), any(), any()))
                .thenAnswer(i -> ids.incrementAndGet());
        when(repository.ban(anyLong(), anyLong())).thenReturn(Optional.empty());
        when(repository.settings(anyLong())).thenReturn(ChatSettings.DEFAULT);
        when(channels.canModerate(any(), any())).thenAnswer(i -> ((OnairUser) i.getArgument(0)).id() == 1);
        when(accounts.byUsername("alice")).thenReturn(Optional.of(new Account(2, "alice", "a@x", "", T0)));
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    private ChatRejected.Code rejection(OnairUser user, String text) {
        try {
            chat.post(user, "room", text);
        } catch (ChatRejected e) {
            return e.code();
        }
        return null;
    }

    @Test
    void rateLimitAllowsABurstOfFiveThenOnePerSecond() {
        for (int i = 0; i < 5; i++) {
            assertThat(rejection(alice, "m" + i)).isNull();
        }
        assertThatThrownBy(() -> chat.post(alice, "room", "sixth"))
                .isInstanceOfSatisfying(ChatRejected.class, e -> {
                    assertThat(e.code()).isEqualTo(ChatRejected.Code.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                    assertThat(e.getMessage()).contains("too fast");
                });
        advance(Duration.ofMillis(999));
        assertThat(rejection(alice, "still too soon")).isEqualTo(ChatRejected.Code.RATE_LIMITED);
        advance(Duration.ofMillis(1));
        assertThat(rejection(alice, "one more after a second")).isNull();
        assertThat(rejection(alice, "and not two")).isEqualTo(ChatRejected.Code.RATE_LIMITED);
        advance(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertThat(rejection(alice, "refilled " + i)).as("the bucket holds at most 5").isNull();
        }
        assertThat(rejection(alice, "sixth again")).isEqualTo(ChatRejected.Code.RATE_LIMITED);
    }

    @Test
    void rateLimiterForgetsFullBuckets() {
        ChatRateLimiter limiter = new ChatRateLimiter(clock, 1.0, 5);
        for (int i = 0; i < 3; i++) {
            limiter.acquire(1);
            limiter.acquire(2);
        }
        advance(Duration.ofSeconds(1));
        limiter.forgetFull(now.get());
        assertThat(limiter.tracked()).isEqualTo(2);
        advance(Duration.ofSeconds(5));
        limiter.forgetFull(now.get());
        assertThat(limiter.tracked()).isZero();
    }

    @Test
    void slowModeSpacesEachUsersMessagesButNotModerators() {
        when(repository.settings(anyLong())).thenReturn(new ChatSettings(30, false));
        assertThat(rejection(alice, "first")).isNull();
        advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> chat.post(alice, "room", "too soon"))
                .isInstanceOfSatisfying(ChatRejected.class, e -> {
                    assertThat(e.code()).isEqualTo(ChatRejected.Code.SLOW_MODE);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                });
        advance(Duration.ofSeconds(1));
        assertThat(rejection(alice, "after 30 s")).isNull();
        assertThat(rejection(owner, "owner 1")).isNull();
        assertThat(rejection(owner, "owner 2")).as("moderators are exempt from slow mode").isNull();
    }

    @Test
    void timeOutEndsOnTimeAndBanDoesNot() {
        when(repository.ban(10, 2)).thenReturn(Optional.of(new ChatRepository.Ban(Optional.of(T0.plusSeconds(60)))));
        assertThatThrownBy(() -> chat.post(alice, "room", "hi"))
                .isInstanceOfSatisfying(ChatRejected.class, e -> {
                    assertThat(e.code()).isEqualTo(ChatRejected.Code.TIMED_OUT);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
                    assertThat(e.getMessage()).isEqualTo("You are timed out for 60 more seconds");
                });
        advance(Duration.ofSeconds(60));
        assertThat(rejection(alice, "back")).isNull();
        when(repository.ban(10, 2)).thenReturn(Optional.of(new ChatRepository.Ban(Optional.empty())));
        advance(Duration.ofDays(365));
        assertThat(rejection(alice, "a year later")).isEqualTo(ChatRejected.Code.BANNED);
    }

    @Test
    void timeOutBoundsAndWhoMayBeBanned() {
        assertThatThrownBy(() -> chat.ban(owner, "room", "alice", Optional.of(Duration.ofDays(15))))
                .hasMessageContaining("seconds");
        chat.ban(owner, "room", "alice", Optional.of(Duration.ofSeconds(600)));
        org.mockito.Mockito.verify(repository).putBan(10, 2, Optional.of(T0.plusSeconds(600)), 1, T0);
        when(accounts.byUsername("room")).thenReturn(Optional.of(new Account(1, "room", "r@x", "", T0)));
        assertThatThrownBy(() -> chat.ban(owner, "room", "room", Optional.empty())).hasMessageContaining("cannot be banned");
        assertThatThrownBy(() -> chat.ban(alice, "room", "room", Optional.empty())).hasMessageContaining("moderators");
    }

    @Test
    void followersOnlyNeedsAFollow() {
        when(repository.settings(anyLong())).thenReturn(new ChatSettings(0, true));
        assertThat(rejection(alice, "hi")).isEqualTo(ChatRejected.Code.FOLLOWERS_ONLY);
        when(follows.follows(2, 10)).thenReturn(true);
        assertThat(rejection(alice, "hi")).isNull();
        assertThat(rejection(owner, "owner")).isNull();
    }

    @Test
    void messagesAreOneTo500CharactersWithoutControlCharacters() {
        assertThat(rejection(alice, "   ")).isEqualTo(ChatRejected.Code.EMPTY);
        assertThat(rejection(alice, "x".repeat(501))).isEqualTo(ChatRejected.Code.TOO_LONG);
        assertThat(rejection(alice, "bell\u0007")).isEqualTo(ChatRejected.Code.INVALID);
        // 500 code points, each two UTF-16 units: still 500 characters.
        assertThat(rejection(alice, "😀".repeat(500))).isNull();
        assertThat(rejection(alice, "  " + "y".repeat(500) + "  ")).as("trimmed first").isNull();
        assertThat(ChatService.validText("  hello ")).isEqualTo("hello");
    }
}
