package io.onair.app.alerts;

import io.onair.app.channel.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code alert} table. */
@Repository
public class AlertRepository {
    private final JdbcClient jdbc;

    public AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Alert insert(long channelId, String kind, String user, Optional<Long> amount, Optional<String> currency,
            String message, Optional<Integer> tier, boolean test, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into alert (channel_id, kind, username, amount, currency, message, tier, test, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(channelId, kind, user, amount.orElse(null), currency.orElse(null), message, tier.orElse(null),
                        test, Db.timestamp(now))
                .update(keys, "id");
        return new Alert(Db.generatedId(keys), kind, user, amount, currency, message, tier, test, now);
    }

    /** Alerts the overlay has not acknowledged, oldest first. */
    public List<Alert> unacked(long channelId) {
        return jdbc.sql("select * from alert where channel_id = ? and acked_at is null order by id limit 200")
                .param(channelId).query(AlertRepository::row).list();
    }

    /** Marks an alert shown; false when it was already (or is not this channel's). */
    public boolean ack(long channelId, long alertId, Instant now) {
        return jdbc.sql("update alert set acked_at = ? where channel_id = ? and id = ? and acked_at is null")
                .params(Db.timestamp(now), channelId, alertId).update() > 0;
    }

    /** The activity feed: real (not test) alerts since {@code since}, newest first. */
    public List<Alert> recent(long channelId, Instant since, int limit) {
        return jdbc.sql("select * from alert where channel_id = ? and test = false and created_at >= ?"
                        + " order by id desc limit ?")
                .params(channelId, Db.timestamp(since), limit).query(AlertRepository::row).list();
    }

    static Alert row(ResultSet rs, int n) throws SQLException {
        long amount = rs.getLong("amount");
        Optional<Long> a = rs.wasNull() ? Optional.empty() : Optional.of(amount);
        int tier = rs.getInt("tier");
        Optional<Integer> t = rs.wasNull() ? Optional.empty() : Optional.of(tier);
        return new Alert(rs.getLong("id"), rs.getString("kind"), rs.getString("username"), a,
                Optional.ofNullable(rs.getString("currency")), rs.getString("message"), t, rs.getBoolean("test"),
                Db.instant(rs, "created_at"));
    }
}
