package io.onair.app.payment;

import io.onair.app.channel.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code payment} table. */
@Repository
public class PaymentRepository {
    private final JdbcClient jdbc;

    public PaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts; a second insert of the same (provider, provider payment id) fails on the unique constraint. */
    long insert(PaymentRecord p) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into payment (provider, provider_payment_id, test_mode, kind, channel_id, account_id,"
                        + " username, amount, currency, message, tier, completed_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.provider(), p.providerPaymentId(), p.testMode(), p.kind(), p.channelId(), p.accountId(),
                        p.username(), p.amount(), p.currency(), p.message(), p.tier().orElse(null),
                        Db.timestamp(p.completedAt()))
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    /** Whether the channel a payment is for still exists (an account deletion removes its channel row). */
    boolean channelExists(long channelId) {
        return jdbc.sql("select count(*) from channel where id = ?").param(channelId).query(Long.class).single() > 0;
    }

    /** Inserts; a second insert of the same (provider, provider payment id) fails on the unique constraint. */
    long insertUnclaimed(UnclaimedPayment p) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into payment_unclaimed (provider, provider_payment_id, test_mode, kind, channel_id,"
                        + " channel_name, account_id, username, amount, currency, received_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.provider(), p.providerPaymentId(), p.testMode(), p.kind(), p.channelId(), p.channelName(),
                        p.accountId(), p.username(), p.amount(), p.currency(), Db.timestamp(p.receivedAt()))
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    public Optional<UnclaimedPayment> unclaimedByProviderId(String provider, String providerPaymentId) {
        return jdbc.sql("select * from payment_unclaimed where provider = ? and provider_payment_id = ?")
                .params(provider, providerPaymentId).query(PaymentRepository::unclaimedRow).optional();
    }

    /** The newest first, at most {@code limit}: what the operator has to refund. */
    public java.util.List<UnclaimedPayment> unclaimed(int limit) {
        return jdbc.sql("select * from payment_unclaimed order by id desc limit ?").param(limit)
                .query(PaymentRepository::unclaimedRow).list();
    }

    public Optional<PaymentRecord> byProviderId(String provider, String providerPaymentId) {
        return jdbc.sql("select * from payment where provider = ? and provider_payment_id = ?")
                .params(provider, providerPaymentId).query(PaymentRepository::row).optional();
    }

    public long count(String provider, String providerPaymentId) {
        return jdbc.sql("select count(*) from payment where provider = ? and provider_payment_id = ?")
                .params(provider, providerPaymentId).query(Long.class).single();
    }

    /** Sum per currency of a channel's payments of a kind since {@code since}. */
    public java.util.Map<String, Long> totals(long channelId, String kind, Instant since) {
        java.util.Map<String, Long> totals = new java.util.TreeMap<>();
        jdbc.sql("select currency, sum(amount) as total from payment where channel_id = ? and kind = ?"
                        + " and completed_at >= ? group by currency")
                .params(channelId, kind, Db.timestamp(since))
                .query((rs, n) -> totals.put(rs.getString("currency"), rs.getLong("total"))).list();
        return totals;
    }

    static PaymentRecord row(ResultSet rs, int n) throws SQLException {
        int tier = rs.getInt("tier");
        Optional<Integer> t = rs.wasNull() ? Optional.empty() : Optional.of(tier);
        return new PaymentRecord(rs.getLong("id"), rs.getString("provider"), rs.getString("provider_payment_id"),
                rs.getBoolean("test_mode"), rs.getString("kind"), rs.getLong("channel_id"), rs.getLong("account_id"),
                rs.getString("username"), rs.getLong("amount"), rs.getString("currency"), rs.getString("message"), t,
                Db.instant(rs, "completed_at"));
    }

    static UnclaimedPayment unclaimedRow(ResultSet rs, int n) throws SQLException {
        return new UnclaimedPayment(rs.getLong("id"), rs.getString("provider"), rs.getString("provider_payment_id"),
                rs.getBoolean("test_mode"), rs.getString("kind"), rs.getLong("channel_id"),
                rs.getString("channel_name"), rs.getLong("account_id"), rs.getString("username"),
                rs.getLong("amount"), rs.getString("currency"), Db.instant(rs, "received_at"));
    }
}
