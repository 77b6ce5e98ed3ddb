package io.onair.app.account;

import io.onair.app.channel.Db;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code password_reset} table (V13): tokens by their SHA-256, never the tokens themselves. */
@Repository
public class PasswordResetRepository {
    private final JdbcClient jdbc;

    public PasswordResetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's only link from now on: its earlier ones, and every expired one, are deleted. */
    public void replace(long accountId, String tokenHash, String issuedBy, Instant now, Instant expiresAt) {
        jdbc.sql("delete from password_reset where account_id = ? or expires_at <= ?")
                .params(accountId, Db.timestamp(now)).update();
        jdbc.sql("insert into password_reset (token_hash, account_id, issued_by, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?)")
                .params(tokenHash, accountId, issuedBy, Db.timestamp(now), Db.timestamp(expiresAt))
                .update();
    }

    /** The live account whose unexpired link this is. */
    public Optional<Long> accountOf(String tokenHash, Instant now) {
        return jdbc.sql("select r.account_id from password_reset r join account a on a.id = r.account_id"
                        + " where r.token_hash = ? and r.expires_at > ? and a.deleted_at is null")
                .params(tokenHash, Db.timestamp(now)).query(Long.class).optional();
    }

    /** Uses the link up; false when it was already gone (used at the same moment by another request). */
    public boolean consume(String tokenHash) {
        return jdbc.sql("delete from password_reset where token_hash = ?").param(tokenHash).update() == 1;
    }
}
