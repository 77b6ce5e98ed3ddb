package io.onair.app.channel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code channel} and {@code channel_moderator} tables. */
@Repository
public class ChannelRepository {
    private final JdbcClient jdbc;

    public ChannelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(String name, long ownerId, String streamKey, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into channel (name, owner_id, stream_key, stream_key_rotated_at, info_updated_at, created_at)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(name, ownerId, streamKey, Db.timestamp(now), Db.timestamp(now), Db.timestamp(now))
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    /**
     * The row of an operator's channel (a static stream key's: no owner, no key in the database), unless a channel of
     * that name exists already; whether it was inserted. Two servers starting on one database at once may both try:
     * the name's unique constraint keeps one row, and the loser's {@code DuplicateKeyException} is taken as "exists".
     */
    public boolean insertOperatorChannel(String name, ChannelInfo info, Instant now) {
        try {
            return jdbc.sql("insert into channel (name, owner_id, stream_key, stream_key_rotated_at, title, category,"
                            + " tags, language, go_live_text, info_updated_at, created_at)"
                            + " select ?, null, null, ?, ?, ?, ?, ?, ?, ?, ? where not exists"
                            + " (select 1 from channel where name = ?)")
                    .params(name, Db.timestamp(now), info.title(), info.category(), String.join(",", info.tags()),
                            info.language(), info.goLiveText(), Db.timestamp(now), Db.timestamp(now), name)
                    .update() == 1;
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<ChannelRecord> byName(String name) {
        return jdbc.sql("select * from channel where name = ?").param(name).query(ChannelRepository::map).optional();
    }

    public Optional<ChannelRecord> byOwner(long accountId) {
        return jdbc.sql("select * from channel where owner_id = ?").param(accountId).query(ChannelRepository::map)
                .optional();
    }

    public List<ChannelRecord> all() {
        return jdbc.sql("select * from channel order by name").query(ChannelRepository::map).list();
    }

    public void updateInfo(long channelId, ChannelInfo info, Instant now) {
        jdbc.sql("update channel set title = ?, category = ?, tags = ?, language = ?, go_live_text = ?,"
                        + " info_updated_at = ? where id = ?")
                .params(info.title(), info.category(), String.join(",", info.tags()), info.language(),
                        info.goLiveText(), Db.timestamp(now), channelId)
                .update();
    }

    public void updateStreamKey(long channelId, String streamKey, Instant now) {
        jdbc.sql("update channel set stream_key = ?, stream_key_rotated_at = ? where id = ?")
                .params(streamKey, Db.timestamp(now), channelId)
                .update();
    }

    /** Appoints a moderator; false when already one. */
    public boolean addModerator(long channelId, long accountId, Instant now) {
        return jdbc.sql("insert into channel_moderator (channel_id, account_id, appointed_at)"
                        + " select ?, ?, ? where not exists"
                        + " (select 1 from channel_moderator where channel_id = ? and account_id = ?)")
                .params(channelId, accountId, Db.timestamp(now), channelId, accountId)
                .update() > 0;
    }

    public boolean removeModerator(long channelId, long accountId) {
        return jdbc.sql("delete from channel_moderator where channel_id = ? and account_id = ?")
                .params(channelId, accountId).update() > 0;
    }

    public boolean isModerator(long channelId, long accountId) {
        return jdbc.sql("select count(*) from channel_moderator where channel_id = ? and account_id = ?")
                .params(channelId, accountId).query(Long.class).single() > 0;
    }

    /** Moderators of a channel, by username, with when they were appointed. */
    public List<Moderator> moderators(long channelId) {
        return jdbc.sql("select a.username, m.appointed_at from channel_moderator m join account a on a.id = m.account_id"
                        + " where m.channel_id = ? order by a.username")
                .param(channelId)
                .query((rs, row) -> new Moderator(rs.getString("username"), Db.instant(rs, "appointed_at")))
                .list();
    }

    /** Names of the channels an account moderates. */
    public List<String> moderatedBy(long accountId) {
        return jdbc.sql("select c.name from channel_moderator m join channel c on c.id = m.channel_id"
                        + " where m.account_id = ? order by c.name")
                .param(accountId).query(String.class).list();
    }

    static ChannelRecord map(ResultSet rs, int row) throws SQLException {
        String tags = rs.getString("tags");
        ChannelInfo info = new ChannelInfo(rs.getString("title"), rs.getString("category"),
                tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")), rs.getString("language"),
                rs.getString("go_live_text"));
        // getLong gives 0 (ChannelRecord.NO_OWNER) for an operator's channel's null owner_id.
        return new ChannelRecord(rs.getLong("id"), rs.getString("name"), rs.getLong("owner_id"),
                rs.getString("stream_key"), Db.instant(rs, "stream_key_rotated_at"), info,
                Db.instant(rs, "info_updated_at"), Db.instant(rs, "created_at"));
    }
}
