package io.onair.app.restream;

import io.onair.app.channel.Db;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code restream_target} table (V14). */
@Repository
public class RestreamRepository {
    private final JdbcClient jdbc;

    public RestreamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One destination; {@code streamKey} is the secret and never leaves the server but towards {@code url}. */
    public record Target(long id, long channelId, String name, String url, String streamKey, boolean enabled,
            Instant createdAt) {
    }

    public Target insert(long channelId, String name, String url, String streamKey, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into restream_target (channel_id, name, url, stream_key, enabled, created_at)"
                        + " values (?, ?, ?, ?, true, ?)")
                .params(channelId, name, url, streamKey, Db.timestamp(now)).update(keys, "id");
        return new Target(Db.generatedId(keys), channelId, name, url, streamKey, true, now);
    }

    public List<Target> byChannel(long channelId) {
        return jdbc.sql("select * from restream_target where channel_id = ? order by id").param(channelId)
                .query((rs, n) -> new Target(rs.getLong("id"), rs.getLong("channel_id"), rs.getString("name"),
                        rs.getString("url"), rs.getString("stream_key"), rs.getBoolean("enabled"),
                        Db.instant(rs, "created_at")))
                .list();
    }

    public int count(long channelId) {
        return jdbc.sql("select count(*) from restream_target where channel_id = ?").param(channelId)
                .query(Integer.class).single();
    }

    public boolean setEnabled(long channelId, long id, boolean enabled) {
        return jdbc.sql("update restream_target set enabled = ? where channel_id = ? and id = ?")
                .params(enabled, channelId, id).update() > 0;
    }

    public boolean delete(long channelId, long id) {
        return jdbc.sql("delete from restream_target where channel_id = ? and id = ?").params(channelId, id)
                .update() > 0;
    }
}
