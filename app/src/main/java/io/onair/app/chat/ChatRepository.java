package io.onair.app.chat;

import io.onair.app.channel.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code chat_message}, {@code chat_ban} and {@code chat_settings} tables. */
@Repository
public class ChatRepository {
    private final JdbcClient jdbc;

    public ChatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A ban ({@code until} empty) or a time-out. */
    public record Ban(Optional<Instant> until) {
    }

    /** A message someone typed. */
    public long insert(long channelId, long accountId, String username, String text, Instant sentAt,
            Optional<Instant> streamStartedAt, Optional<Long> streamOffsetMs) {
        return insert(channelId, accountId, username, text, sentAt, streamStartedAt, streamOffsetMs, null);
    }

    /** A donation's line: the donor's message, tied to its payment (amount, currency and test mode come from it). */
    public long insertDonation(long channelId, long accountId, String username, String text, Instant sentAt,
            Optional<Instant> streamStartedAt, Optional<Long> streamOffsetMs, long paymentId) {
        return insert(channelId, accountId, username, text, sentAt, streamStartedAt, streamOffsetMs, paymentId);
    }

    private long insert(long channelId, long accountId, String username, String text, Instant sentAt,
            Optional<Instant> streamStartedAt, Optional<Long> streamOffsetMs, Long paymentId) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into chat_message (channel_id, account_id, username, body, sent_at, stream_started_at,"
                        + " stream_offset_ms, payment_id) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(channelId, accountId, username, text, Db.timestamp(sentAt),
                        streamStartedAt.map(Db::timestamp).orElse(null), streamOffsetMs.orElse(null), paymentId)
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    /** A system line ({@link ChatMessage#STREAM_START}, {@link ChatMessage#STREAM_END}): no author. */
    public long insertSystem(long channelId, String kind, String text, Instant sentAt,
            Optional<Instant> streamStartedAt, Optional<Long> streamOffsetMs) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into chat_message (channel_id, kind, body, sent_at, stream_started_at, stream_offset_ms)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(channelId, kind, text, Db.timestamp(sentAt), streamStartedAt.map(Db::timestamp).orElse(null),
                        streamOffsetMs.orElse(null))
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    /** Marks every message of {@code accountId} in the channel deleted (a ban); how many there were. */
    public int deleteAllBy(long channelId, long accountId, long by, Instant at) {
        return jdbc.sql("update chat_message set deleted_at = ?, deleted_by = ? where channel_id = ?"
                        + " and account_id = ? and deleted_at is null")
                .params(Db.timestamp(at), by, channelId, accountId).update();
    }

    /** The channels (names) in which the account wrote messages still stored. */
    public List<String> channelsWithMessagesBy(long accountId) {
        return jdbc.sql("select distinct c.name from chat_message m join channel c on c.id = m.channel_id"
                        + " where m.account_id = ?")
                .param(accountId).query(String.class).list();
    }

    /** Erases every message of the account in the channel (its account is being deleted); how many. */
    public int eraseAllBy(String channel, long accountId) {
        return jdbc.sql("delete from chat_message where account_id = ? and channel_id = (select id from channel"
                        + " where name = ?)")
                .params(accountId, channel).update();
    }

    /** A ban or time-out as moderators list them. */
    public record BanEntry(String username, Optional<Instant> until, Instant createdAt) {
    }

    /** Bans and time-outs not yet over at {@code now}, newest first. */
    public List<BanEntry> bans(long channelId, Instant now) {
        return jdbc.sql("select a.username, b.until, b.created_at from chat_ban b join account a on a.id = b.account_id"
                        + " where b.channel_id = ? and (b.until is null or b.until > ?) order by b.created_at desc,"
                        + " a.username")
                .params(channelId, Db.timestamp(now))
                .query((rs, n) -> new BanEntry(rs.getString("username"), Optional.ofNullable(Db.instant(rs, "until")),
                        Db.instant(rs, "created_at")))
                .list();
    }

    /** The last {@code limit} messages not deleted, oldest first. */
    public List<ChatMessage> recent(long channelId, String channel, int limit) {
        List<ChatMessage> newestFirst = new ArrayList<>(jdbc.sql("select m.id, m.username, m.body, m.sent_at,"
                        + " m.stream_offset_ms, m.kind, " + DONATION_COLUMNS + " from chat_message m " + DONATION_JOIN
                        + " where m.channel_id = ? and m.deleted_at is null order by m.id desc limit ?")
                .params(channelId, limit)
                .query((rs, n) -> map(rs, channel)).list());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Marks a message deleted; false when there is no such message in the channel. */
    public boolean delete(long channelId, long messageId, long by, Instant at) {
        jdbc.sql("update chat_message set deleted_at = ?, deleted_by = ? where channel_id = ? and id = ?"
                        + " and deleted_at is null")
                .params(Db.timestamp(at), by, channelId, messageId).update();
        return jdbc.sql("select count(*) from chat_message where channel_id = ? and id = ?")
                .params(channelId, messageId).query(Long.class).single() > 0;
    }

    public Optional<Ban> ban(long channelId, long accountId) {
        return jdbc.sql("select until from chat_ban where channel_id = ? and account_id = ?")
                .params(channelId, accountId)
                .query((rs, n) -> new Ban(Optional.ofNullable(Db.instant(rs, "until")))).optional();
    }

    @Transactional
    public void putBan(long channelId, long accountId, Optional<Instant> until, long by, Instant at) {
        removeBan(channelId, accountId);
        jdbc.sql("insert into chat_ban (channel_id, account_id, until, created_by, created_at) values (?, ?, ?, ?, ?)")
                .params(channelId, accountId, until.map(Db::timestamp).orElse(null), by, Db.timestamp(at)).update();
    }

    public boolean removeBan(long channelId, long accountId) {
        return jdbc.sql("delete from chat_ban where channel_id = ? and account_id = ?")
                .params(channelId, accountId).update() > 0;
    }

    public ChatSettings settings(long channelId) {
        return jdbc.sql("select slow_mode_seconds, followers_only from chat_settings where channel_id = ?")
                .param(channelId)
                .query((rs, n) -> new ChatSettings(rs.getInt("slow_mode_seconds"), rs.getBoolean("followers_only")))
                .optional().orElse(ChatSettings.DEFAULT);
    }

    @Transactional
    public void putSettings(long channelId, ChatSettings settings, Instant at) {
        jdbc.sql("delete from chat_settings where channel_id = ?").param(channelId).update();
        jdbc.sql("insert into chat_settings (channel_id, slow_mode_seconds, followers_only, updated_at)"
                        + " values (?, ?, ?, ?)")
                .params(channelId, settings.slowModeSeconds(), settings.followersOnly(), Db.timestamp(at)).update();
    }

    /** The payment a donation line is for, joined in (null columns for every other line). */
    public static final String DONATION_COLUMNS = "p.id as payment_id, p.amount as donation_amount,"
            + " p.currency as donation_currency, p.test_mode as donation_test";
    public static final String DONATION_JOIN = "left join payment p on p.id = m.payment_id";

    /** The donation of a row read with {@link #DONATION_COLUMNS}; null for a line that is not one. */
    public static ChatMessage.Donation donation(ResultSet rs) throws SQLException {
        long payment = rs.getLong("payment_id");
        if (rs.wasNull()) {
            return null;
        }
        return new ChatMessage.Donation(payment, rs.getLong("donation_amount"), rs.getString("donation_currency"),
                rs.getBoolean("donation_test"));
    }

    private static ChatMessage map(ResultSet rs, String channel) throws SQLException {
        long offset = rs.getLong("stream_offset_ms");
        Optional<Double> streamTime = rs.wasNull() ? Optional.empty() : Optional.of(offset / 1000.0);
        return new ChatMessage(rs.getLong("id"), channel, rs.getString("username"), rs.getString("body"),
                Db.instant(rs, "sent_at"), streamTime, rs.getString("kind"), donation(rs));
    }
}
