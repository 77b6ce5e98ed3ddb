package io.onair.app.follow;

import io.onair.app.channel.Db;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code follow} table: accounts following channels. */
@Repository
public class FollowRepository {
    private final JdbcClient jdbc;

    public FollowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the account did not follow the channel before. */
    public boolean follow(long accountId, long channelId, Instant at) {
        return jdbc.sql("insert into follow (account_id, channel_id, followed_at) select ?, ?, ? where not exists"
                        + " (select 1 from follow where account_id = ? and channel_id = ?)")
                .params(accountId, channelId, Db.timestamp(at), accountId, channelId).update() > 0;
    }

    public void unfollow(long accountId, long channelId) {
        jdbc.sql("delete from follow where account_id = ? and channel_id = ?").params(accountId, channelId).update();
    }

    public boolean follows(long accountId, long channelId) {
        return jdbc.sql("select count(*) from follow where account_id = ? and channel_id = ?")
                .params(accountId, channelId).query(Long.class).single() > 0;
    }

    public long followers(long channelId) {
        return jdbc.sql("select count(*) from follow where channel_id = ?").param(channelId).query(Long.class).single();
    }
}
