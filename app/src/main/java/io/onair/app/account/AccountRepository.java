package io.onair.app.account;

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

/** The {@code account} table. */
@Repository
public class AccountRepository {
    private final JdbcClient jdbc;

    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the account; its id. Throws {@code DuplicateKeyException} for a taken username or e-mail. */
    public long insert(String username, String email, String passwordHash, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into account (username, email, password_hash, created_at) values (?, ?, ?, ?)")
                .params(username, email, passwordHash, Db.timestamp(now))
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    /** A live account (not deleted) by its username. */
    public Optional<Account> byUsername(String username) {
        return jdbc.sql("select * from account where username = ? and deleted_at is null").param(username)
                .query(AccountRepository::map).optional();
    }

    /** A live account (not deleted) by its id. */
    public Optional<Account> byId(long id) {
        return jdbc.sql("select * from account where id = ? and deleted_at is null").param(id)
                .query(AccountRepository::map).optional();
    }

    /** Whether a sign-up cannot have this name: a live account has it, or a deleted one keeps it. */
    public boolean usernameTaken(String username) {
        return jdbc.sql("select count(*) from account where username = ?").param(username).query(Long.class)
                .single() > 0;
    }

    public boolean emailTaken(String email) {
        return jdbc.sql("select count(*) from account where email = ?").param(email).query(Long.class).single() > 0;
    }

    public void setPasswordHash(long id, String passwordHash) {
        jdbc.sql("update account set password_hash = ? where id = ?").params(passwordHash, id).update();
    }

    /** Why and since when a site admin suspended the account ({@code AccountSuspensions}). */
    public record Suspension(Instant since, String reason) {
    }

    public Optional<Suspension> suspension(long id) {
        return jdbc.sql("select suspended_at, suspension_reason from account where id = ? and suspended_at is not null")
                .param(id).query((rs, n) -> new Suspension(Db.instant(rs, "suspended_at"),
                        rs.getString("suspension_reason"))).optional();
    }

    public void setSuspension(long id, Optional<Suspension> suspension) {
        jdbc.sql("update account set suspended_at = ?, suspension_reason = ? where id = ?")
                .params(suspension.map(s -> Db.timestamp(s.since())).orElse(null),
                        suspension.map(Suspension::reason).orElse(null), id)
                .update();
    }

    /** The usernames (= channels) of suspended accounts: their stream keys are refused from start-up on. */
    public List<String> suspendedUsernames() {
        return jdbc.sql("select username from account where suspended_at is not null and deleted_at is null")
                .query(String.class).list();
    }

    /** An account as site admins list it. */
    public record Listed(Account account, Optional<Suspension> suspension) {
    }

    /**
     * Live accounts (deleted ones are not listed), newest first, for site admins: {@code query} matches a part of the
     * username or the e-mail address (case-insensitive; both are stored lower-case); ids below {@code beforeId} only
     * (the next page).
     */
    public List<Listed> search(String query, boolean suspendedOnly, long beforeId, int limit) {
        String like = "%" + query.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        return jdbc.sql("select * from account where deleted_at is null and id < ?"
                        + (suspendedOnly ? " and suspended_at is not null" : "")
                        + " and (username like ? escape '\\' or email like ? escape '\\') order by id desc limit ?")
                .params(beforeId, like, like, limit)
                .query((rs, n) -> new Listed(map(rs, n), rs.getTimestamp("suspended_at") == null ? Optional.empty()
                        : Optional.of(new Suspension(Db.instant(rs, "suspended_at"),
                                rs.getString("suspension_reason")))))
                .list();
    }

    /**
     * Erases an account but its tombstone ({@code AccountDeletion} says what goes and what stays): in the caller's
     * transaction, its channel (the database cascades the channel's chat, followers, subscribers, payments received,
     * alerts, webhooks and settings), its chat messages, follows, subscriptions, tokens, moderator seats, bans and
     * password reset links, the messages of the payments it made and of their alerts; then the row keeps the
     * username only.
     */
    public void erase(long id, Instant at) {
        jdbc.sql("delete from channel where owner_id = ?").param(id).update();
        // chat_message: ChatService.eraseAuthor took the messages off open pages; this catches one posted meanwhile.
        for (String table : List.of("chat_message", "follow", "subscription", "access_token", "channel_moderator",
                "chat_ban", "password_reset")) {
            jdbc.sql("delete from " + table + " where account_id = ?").param(id).update();
        }
        jdbc.sql("update payment set message = '' where account_id = ?").param(id).update();
        jdbc.sql("update alert set message = '' where username = (select username from account where id = ?)")
                .param(id).update();
        // A placeholder, not null: the column is unique and required; ".invalid" can never be delivered (RFC 2606).
        jdbc.sql("update account set deleted_at = ?, email = ?, password_hash = '', suspended_at = null,"
                        + " suspension_reason = null where id = ?")
                .params(Db.timestamp(at), "deleted-" + id + "@deleted.invalid", id).update();
    }

    static Account map(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                rs.getString("password_hash"), Db.instant(rs, "created_at"));
    }
}
