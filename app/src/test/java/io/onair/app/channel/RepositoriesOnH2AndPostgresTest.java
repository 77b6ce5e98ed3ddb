package io.onair.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.app.account.AccessTokenRepository;
import io.onair.app.account.AccountRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The Flyway migrations and the repositories on both databases Onair supports: the embedded H2 file (in
 * PostgreSQL mode, as the server runs it) and the PostgreSQL server on this machine (127.0.0.1:5432, database
 * {@code test}, trust auth), in a schema created for this run and dropped after it.
 */
class RepositoriesOnH2AndPostgresTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    private static final Instant T1 = Instant.parse("2026-03-01T11:00:00Z");

    /** A database for one test: a DataSource and how to get rid of it. */
    record Db(String name, DataSource dataSource, AutoCloseable cleanup) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private static Db open(String kind) throws Exception {
        if (kind.equals("h2")) {
            Path dir = Files.createTempDirectory("onair-h2-");
            String url = "jdbc:h2:file:" + dir + "/onair;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            return new Db("h2", new DriverManagerDataSource(url, "onair", ""), () -> {
                try (Connection c = DriverManager.getConnection(url, "onair", ""); Statement s = c.createStatement()) {
                    s.execute("shutdown");
                }
            });
        }
        String schema = "onair_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        String server = "jdbc:postgresql://127.0.0.1:5432/test";
        exec(server, "create schema " + schema);
        return new Db("postgresql", new DriverManagerDataSource(server + "?currentSchema=" + schema, "postgres", ""),
                () -> exec(server, "drop schema " + schema + " cascade"));
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationsAndRepositoriesRoundTrip(String kind) throws Exception {
        Db db = open(kind);
        try {
            var result = Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load()
                    .migrate();
            // V1 accounts/channels/tokens, V2 chat and follows, V4 chat system lines (and whatever else lands).
            assertThat(result.migrations).extracting(m -> m.version).contains("1", "2", "4");
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            AccountRepository accounts = new AccountRepository(jdbc);
            ChannelRepository channels = new ChannelRepository(jdbc);
            AccessTokenRepository tokens = new AccessTokenRepository(jdbc);

            long alice = accounts.insert("alice", "alice@example.org", "{bcrypt}hash", T0);
            long bob = accounts.insert("bob", "bob@example.org", "{bcrypt}hash", T0);
            assertThat(accounts.byUsername("alice").orElseThrow().createdAt()).isEqualTo(T0);
            assertThatThrownBy(() -> accounts.insert("alice", "other@example.org", "x", T0))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> accounts.insert("carol", "alice@example.org", "x", T0))
                    .isInstanceOf(DuplicateKeyException.class);

            long channel = channels.insert("alice", alice, "key-one-0123456789", T0);
            ChannelRecord fresh = channels.byName("alice").orElseThrow();
            assertThat(fresh.info()).isEqualTo(ChannelInfo.EMPTY);
            assertThat(fresh.ownerId()).isEqualTo(alice);
            assertThatThrownBy(() -> channels.insert("alice2", alice, "key-two-0123456789", T0))
                    .as("one channel per account").isInstanceOf(DuplicateKeyException.class);

            ChannelInfo info = new ChannelInfo("밤샘 방송 · Late night", "Music", List.of("synth", "한국어"), "ko",
                    "Live now!");
            channels.updateInfo(channel, info, T1);
            channels.updateStreamKey(channel, "key-three-0123456789", T1);
            ChannelRecord updated = channels.byOwner(alice).orElseThrow();
            assertThat(updated.info()).isEqualTo(info);
            assertThat(updated.infoUpdatedAt()).isEqualTo(T1);
            assertThat(updated.streamKey()).isEqualTo("key-three-0123456789");
            assertThat(updated.streamKeyRotatedAt()).isEqualTo(T1);

            assertThat(channels.addModerator(channel, bob, T1)).isTrue();
            assertThat(channels.addModerator(channel, bob, T1)).as("idempotent").isFalse();
            assertThat(channels.isModerator(channel, bob)).isTrue();
            assertThat(channels.moderators(channel)).containsExactly(new Moderator("bob", T1));
            assertThat(channels.moderatedBy(bob)).containsExactly("alice");
            assertThat(channels.removeModerator(channel, bob)).isTrue();
            assertThat(channels.isModerator(channel, bob)).isFalse();

            long token = tokens.insert(bob, "bot", "a".repeat(64), T0);
            assertThat(tokens.accountOf("a".repeat(64))).contains(bob);
            tokens.touch("a".repeat(64), T1);
            assertThat(tokens.byAccount(bob).getFirst().lastUsedAt()).contains(T1);
            assertThat(tokens.delete(alice, token)).as("not alice's").isFalse();
            assertThat(tokens.delete(bob, token)).isTrue();
            assertThat(tokens.accountOf("a".repeat(64))).isEmpty();

            // Chat (V2): messages with their stream time, deletion marks, bans and time-outs, settings, follows.
            var chat = new io.onair.app.chat.ChatRepository(jdbc);
            long m1 = chat.insert(channel, bob, "bob", "hello 한국어 😀", T0, java.util.Optional.of(T0),
                    java.util.Optional.of(1500L));
            long m2 = chat.insert(channel, bob, "bob", "offline", T1, java.util.Optional.empty(), java.util.Optional.empty());
            assertThat(chat.recent(channel, "alice", 50)).extracting(io.onair.app.chat.ChatMessage::text)
                    .containsExactly("hello 한국어 😀", "offline");
            assertThat(chat.recent(channel, "alice", 50).getFirst().streamTime()).contains(1.5);
            assertThat(chat.recent(channel, "alice", 1)).extracting(io.onair.app.chat.ChatMessage::id).containsExactly(m2);
            assertThat(chat.delete(channel, m1, alice, T1)).isTrue();
            assertThat(chat.delete(channel, m1, alice, T1)).as("idempotent").isTrue();
            assertThat(chat.recent(channel, "alice", 50)).extracting(io.onair.app.chat.ChatMessage::id).containsExactly(m2);
            chat.putBan(channel, bob, java.util.Optional.of(T1), alice, T0);
            assertThat(chat.ban(channel, bob).orElseThrow().until()).contains(T1);
            chat.putBan(channel, bob, java.util.Optional.empty(), alice, T0);
            assertThat(chat.ban(channel, bob).orElseThrow().until()).isEmpty();
            assertThat(chat.removeBan(channel, bob)).isTrue();
            assertThat(chat.ban(channel, bob)).isEmpty();
            chat.putSettings(channel, new io.onair.app.chat.ChatSettings(30, true), T0);
            assertThat(chat.settings(channel)).isEqualTo(new io.onair.app.chat.ChatSettings(30, true));
            // V4: system lines (no author) in the history with their stream time; a ban's purge; the list of bans.
            long s1 = chat.insertSystem(channel, io.onair.app.chat.ChatMessage.STREAM_START, "The stream started", T1,
                    java.util.Optional.of(T1), java.util.Optional.of(0L));
            long m3 = chat.insert(channel, bob, "bob", "again", T1, java.util.Optional.empty(), java.util.Optional.empty());
            assertThat(chat.recent(channel, "alice", 2)).extracting(io.onair.app.chat.ChatMessage::id).containsExactly(s1, m3);
            var system = chat.recent(channel, "alice", 2).getFirst();
            assertThat(system.user()).isNull();
            assertThat(system.system()).isEqualTo(io.onair.app.chat.ChatMessage.STREAM_START);
            assertThat(system.streamTime()).contains(0.0);
            assertThat(chat.recent(channel, "alice", 2).get(1).system()).isNull();
            assertThat(chat.deleteAllBy(channel, bob, alice, T1)).isEqualTo(2);
            assertThat(chat.recent(channel, "alice", 50)).extracting(io.onair.app.chat.ChatMessage::id).containsExactly(s1);
            chat.putBan(channel, bob, java.util.Optional.empty(), alice, T0);
            chat.putBan(channel, alice, java.util.Optional.of(T0), alice, T0);
            assertThat(chat.bans(channel, T1)).as("an expired time-out is not listed")
                    .containsExactly(new io.onair.app.chat.ChatRepository.BanEntry("bob", java.util.Optional.empty(), T0));
            chat.removeBan(channel, bob);
            var follows = new io.onair.app.follow.FollowRepository(jdbc);
            follows.follow(bob, channel, T0);
            follows.follow(bob, channel, T1);
            assertThat(follows.follows(bob, channel)).isTrue();
            assertThat(follows.followers(channel)).isEqualTo(1);
            follows.unfollow(bob, channel);
            assertThat(follows.follows(bob, channel)).isFalse();

            // V10: an account's erasure leaves a tombstone. Carol paid alice (the payment stays, without its
            // message; its chat line goes), bob paid carol (goes with carol's channel, its chat line too: the
            // cascade must take both), carol's broadcast is left for the replay sweep.
            long carol = accounts.insert("carol", "carol@example.org", "{bcrypt}hash", T0);
            long carolChannel = channels.insert("carol", carol, "key-carol-0123456789", T0);
            long carolPaid = payment(jdbc, "p-1", channel, carol, "carol", "carol's words");
            chat.insertDonation(channel, carol, "carol", "carol's words", T1, java.util.Optional.empty(),
                    java.util.Optional.empty(), carolPaid);
            chat.insert(channel, carol, "carol", "hi alice", T1, java.util.Optional.empty(), java.util.Optional.empty());
            long bobPaid = payment(jdbc, "p-2", carolChannel, bob, "bob", "for carol");
            chat.insertDonation(carolChannel, bob, "bob", "for carol", T1, java.util.Optional.empty(),
                    java.util.Optional.empty(), bobPaid);
            follows.follow(bob, carolChannel, T1);
            follows.follow(carol, channel, T1);
            var replays = new io.onair.app.replay.ReplayRepository(jdbc);
            long broadcast = replays.create("carol", "", "live", T0, false);
            jdbc.sql("update broadcast set ended_at = ? where id = ?").params(io.onair.app.channel.Db.timestamp(T1),
                    broadcast).update();
            assertThat(chat.channelsWithMessagesBy(carol)).containsExactly("alice");
            assertThat(replays.channelsOfDeletedAccounts()).isEmpty();

            accounts.erase(carol, T1);
            assertThat(accounts.byUsername("carol")).isEmpty();
            assertThat(accounts.byId(carol)).isEmpty();
            assertThat(accounts.usernameTaken("carol")).as("the name stays taken").isTrue();
            assertThat(accounts.emailTaken("carol@example.org")).as("the address is free").isFalse();
            assertThat(channels.byName("carol")).isEmpty();
            assertThat(chat.recent(channel, "alice", 50)).extracting(io.onair.app.chat.ChatMessage::user)
                    .doesNotContain("carol");
            assertThat(jdbc.sql("select message from payment where id = ?").param(carolPaid).query(String.class)
                    .single()).as("carol's payment stays, without its words").isEmpty();
            assertThat(jdbc.sql("select count(*) from payment where id = ?").param(bobPaid).query(Long.class).single())
                    .as("the payment to carol's channel went with it").isZero();
            assertThat(follows.follows(bob, carolChannel)).isFalse();
            assertThat(follows.follows(carol, channel)).isFalse();
            assertThat(replays.channelsOfDeletedAccounts()).containsExactly("carol");
            assertThat(replays.leftOf("carol")).extracting(io.onair.app.replay.Broadcast::id).containsExactly(broadcast);
            replays.delete(broadcast, T1);
            assertThat(replays.channelsOfDeletedAccounts()).as("nothing left").isEmpty();

            // V11: a payment completing for carol's channel after it went is kept as unclaimed, once.
            var paymentRepository = new io.onair.app.payment.PaymentRepository(jdbc);
            var ledger = new io.onair.app.payment.PaymentLedger(paymentRepository,
                    new org.springframework.transaction.support.TransactionTemplate(
                            new org.springframework.jdbc.datasource.DataSourceTransactionManager(db.dataSource())),
                    java.util.List.of(), java.util.List.of(new io.onair.app.payment.TestModePaymentProvider()),
                    java.time.InstantSource.fixed(T1));
            var late = new io.onair.app.payment.PaymentCompleted("test", "p-late", 700, "USD", java.util.Map.of(
                    "kind", "donation", "channel", Long.toString(carolChannel), "channelName", "carol",
                    "account", Long.toString(bob), "username", "bob"));
            assertThat(ledger.complete(late).unclaimed()).isTrue();
            assertThat(ledger.complete(late).duplicate()).isTrue();
            assertThat(paymentRepository.unclaimed(10)).singleElement().satisfies(u -> {
                assertThat(u.providerPaymentId()).isEqualTo("p-late");
                assertThat(u.channelName()).isEqualTo("carol");
                assertThat(u.receivedAt()).isEqualTo(T1);
            });

            // V12: the operator's channels (static keys) have rows without owner or key; several of them are allowed
            // by the unique constraints, a second insert of one and an account's name are left alone.
            ChannelInfo demo = new ChannelInfo("Demo", "Demo", List.of("demo"), "", "");
            assertThat(channels.insertOperatorChannel("demo", demo, T0)).isTrue();
            assertThat(channels.insertOperatorChannel("lobby", ChannelInfo.EMPTY, T0)).isTrue();
            assertThat(channels.insertOperatorChannel("demo", ChannelInfo.EMPTY, T1)).as("exists").isFalse();
            assertThat(channels.insertOperatorChannel("alice", ChannelInfo.EMPTY, T1)).as("an account's").isFalse();
            ChannelRecord operated = channels.byName("demo").orElseThrow();
            assertThat(operated.hasOwner()).isFalse();
            assertThat(operated.streamKey()).isNull();
            assertThat(operated.info()).isEqualTo(demo);
            assertThat(channels.byName("alice").orElseThrow().hasOwner()).isTrue();
            assertThat(chat.insert(operated.id(), bob, "bob", "hi", T1, java.util.Optional.empty(),
                    java.util.Optional.empty())).isPositive();
            assertThat(chat.recent(operated.id(), "demo", 10)).extracting(io.onair.app.chat.ChatMessage::text)
                    .containsExactly("hi");

            // V13: password reset links, one per account, until they expire, once.
            var resets = new io.onair.app.account.PasswordResetRepository(jdbc);
            resets.replace(bob, "a".repeat(64), "site-admin", T0, T1);
            assertThat(resets.accountOf("a".repeat(64), T0)).contains(bob);
            assertThat(resets.accountOf("a".repeat(64), T1)).as("expired at T1").isEmpty();
            resets.replace(bob, "b".repeat(64), "operator", T0, T1);
            assertThat(resets.accountOf("a".repeat(64), T0)).as("replaced").isEmpty();
            assertThat(resets.consume("b".repeat(64))).isTrue();
            assertThat(resets.consume("b".repeat(64))).as("once").isFalse();
            assertThat(resets.accountOf("b".repeat(64), T0)).isEmpty();

            // V14: restream destinations, per channel, switched off and on, gone with their channel.
            var restreams = new io.onair.app.restream.RestreamRepository(jdbc);
            var twitch = restreams.insert(operated.id(), "Twitch", "rtmp://live.twitch.tv/app", "live_1_abc", T0);
            restreams.insert(operated.id(), "YouTube", "rtmps://a.rtmps.youtube.com/live2", "yt-key", T1);
            assertThat(restreams.count(operated.id())).isEqualTo(2);
            assertThat(restreams.setEnabled(operated.id(), twitch.id(), false)).isTrue();
            assertThat(restreams.setEnabled(operated.id() + 1000, twitch.id(), true)).as("another channel's").isFalse();
            assertThat(restreams.byChannel(operated.id())).extracting(r -> r.name() + " " + r.enabled() + " "
                    + r.streamKey()).containsExactly("Twitch false live_1_abc", "YouTube true yt-key");
            assertThat(restreams.delete(operated.id(), twitch.id())).isTrue();
            assertThat(restreams.delete(operated.id(), twitch.id())).isFalse();

            // V15: a webhook's format, events and site address; rows from before it read as Onair's JSON, every
            // event.
            var webhooks = new io.onair.app.webhook.WebhookRepository(jdbc);
            jdbc.sql("insert into webhook (channel_id, url, secret, created_at) values (?, 'https://a.example/h',"
                    + " 'whsec_1', ?)").params(operated.id(), java.sql.Timestamp.from(T0)).update();
            webhooks.insert(operated.id(), "https://discord.com/api/webhooks/1/x", "whsec_2", "discord",
                    List.of("stream.online", "follow"), "https://live.example.org", T1);
            assertThat(webhooks.byChannel(operated.id())).extracting(w -> w.format() + " " + w.events() + " '"
                    + w.siteUrl() + "' " + w.wants("donation")).containsExactly("onair [] '' true",
                    "discord [stream.online, follow] 'https://live.example.org' false");
            jdbc.sql("delete from channel where id = ?").param(operated.id()).update();
            assertThat(restreams.count(operated.id())).as("cascaded with the channel").isZero();

            var again = Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load()
                    .migrate();
            assertThat(again.migrationsExecuted).as("a restart migrates nothing").isZero();
        } finally {
            db.cleanup().close();
        }
    }

    private static long payment(JdbcClient jdbc, String id, long channel, long account, String username,
            String message) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into payment (provider, provider_payment_id, test_mode, kind, channel_id, account_id,"
                        + " username, amount, currency, message, completed_at) values ('test', ?, true, 'donation',"
                        + " ?, ?, ?, 500, 'USD', ?, ?)")
                .params(id, channel, account, username, message, io.onair.app.channel.Db.timestamp(T1))
                .update(keys, "id");
        return io.onair.app.channel.Db.generatedId(keys);
    }
}
