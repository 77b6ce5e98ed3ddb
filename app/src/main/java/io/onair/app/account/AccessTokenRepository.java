package io.onair.app.account;

import io.onair.app.channel.Db;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code access_token} table: SHA-256 hashes of personal access tokens. */
@Repository
public class AccessTokenRepository {
    private final JdbcClient jdbc;

    public AccessTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long accountId, String name, String tokenHash, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into access_token (account_id, name, token_hash, created_at) values (?, ?, ?, ?)")
                .params(accountId, name, tokenHash, Db.timestamp(now))
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    public List<AccessToken> byAccount(long accountId) {
        return jdbc.sql("select id, name, created_at, last_used_at from access_token where account_id = ? order by id")
                .param(accountId)
                .query((rs, row) -> new AccessToken(rs.getLong("id"), rs.getString("name"),
                        Db.instant(rs, "created_at"), Optional.ofNullable(Db.instant(rs, "last_used_at"))))
                .list();
    }

    /** The account a token hash belongs to. */
    /** The account the token belongs to, unless that account is suspended (its tokens stop working with it). */
    public Optional<Long> accountOf(String tokenHash) {
        return jdbc.sql("select t.account_id from access_token t join account a on a.id = t.account_id"
                        + " where t.token_hash = ? and a.suspended_at is null").param(tokenHash)
                .query(Long.class).optional();
    }

    public void touch(String tokenHash, Instant now) {
        jdbc.sql("update access_token set last_used_at = ? where token_hash = ?")
                .params(Db.timestamp(now), tokenHash).update();
    }

    /** Deletes the account's token; false when it has none with this id. */
    public boolean delete(long accountId, long id) {
        return jdbc.sql("delete from access_token where account_id = ? and id = ?").params(accountId, id).update() > 0;
    }
}
