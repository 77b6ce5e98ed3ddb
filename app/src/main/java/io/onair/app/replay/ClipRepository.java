package io.onair.app.replay;

import io.onair.app.channel.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code clip} table. */
@Repository
public class ClipRepository {
    private static final String SELECT = "select c.id, c.broadcast_id, c.channel, c.title, c.created_by, a.username,"
            + " c.created_at, c.first_sequence, c.last_sequence, c.start_ms, c.duration_ms from clip c"
            + " join account a on a.id = c.created_by";

    private final JdbcClient jdbc;

    public ClipRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Clip c) {
        jdbc.sql("insert into clip (id, broadcast_id, channel, title, created_by, created_at, first_sequence,"
                        + " last_sequence, start_ms, duration_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.broadcast(), c.channel(), c.title(), c.createdBy(), Db.timestamp(c.createdAt()),
                        c.firstSequence(), c.lastSequence(), c.start().toMillis(), c.duration().toMillis())
                .update();
    }

    public Optional<Clip> find(String id) {
        return jdbc.sql(SELECT + " where c.id = ?").param(id).query(ClipRepository::map).optional();
    }

    public List<Clip> ofChannel(String channel, int limit) {
        return jdbc.sql(SELECT + " where c.channel = ? order by c.created_at desc limit ?").params(channel, limit)
                .query(ClipRepository::map).list();
    }

    public List<Clip> ofBroadcast(long broadcast) {
        return jdbc.sql(SELECT + " where c.broadcast_id = ? order by c.created_at desc").param(broadcast)
                .query(ClipRepository::map).list();
    }

    public void delete(String id) {
        jdbc.sql("delete from clip where id = ?").param(id).update();
    }

    private static Clip map(ResultSet rs, int n) throws SQLException {
        return new Clip(rs.getString("id"), rs.getLong("broadcast_id"), rs.getString("channel"),
                rs.getString("title"), rs.getLong("created_by"), rs.getString("username"),
                Db.instant(rs, "created_at"), rs.getLong("first_sequence"), rs.getLong("last_sequence"),
                Duration.ofMillis(rs.getLong("start_ms")), Duration.ofMillis(rs.getLong("duration_ms")));
    }
}
