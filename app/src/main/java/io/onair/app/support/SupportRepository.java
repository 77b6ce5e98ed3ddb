package io.onair.app.support;

import io.onair.app.channel.Db;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code support_settings}, {@code subscription_tier} and {@code subscription} tables. */
@Repository
public class SupportRepository {
    private final JdbcClient jdbc;

    public SupportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SupportSettings> settings(long channelId) {
        List<SupportSettings.Tier> tiers = jdbc.sql("select tier, name, price from subscription_tier"
                        + " where channel_id = ? order by tier").param(channelId)
                .query((rs, n) -> new SupportSettings.Tier(rs.getInt("tier"), rs.getString("name"),
                        rs.getLong("price"))).list();
        return jdbc.sql("select currency, donation_min, donation_max, sub_only_chat from support_settings"
                        + " where channel_id = ?").param(channelId)
                .query((rs, n) -> new SupportSettings(rs.getString("currency"), rs.getLong("donation_min"),
                        rs.getLong("donation_max"), rs.getBoolean("sub_only_chat"), tiers)).optional();
    }

    /** Creates the row with {@code defaults} if the channel has none yet (an upsert both databases accept). */
    public void ensure(long channelId, SupportSettings defaults, Instant now) {
        jdbc.sql("insert into support_settings (channel_id, currency, donation_min, donation_max, updated_at)"
                        + " select ?, ?, ?, ?, ? where not exists (select 1 from support_settings where channel_id = ?)")
                .params(channelId, defaults.currency(), defaults.donationMin(), defaults.donationMax(),
                        Db.timestamp(now), channelId).update();
    }

    public void putSettings(long channelId, SupportSettings s, Instant now) {
        jdbc.sql("update support_settings set currency = ?, donation_min = ?, donation_max = ?, sub_only_chat = ?,"
                        + " updated_at = ? where channel_id = ?")
                .params(s.currency(), s.donationMin(), s.donationMax(), s.subOnlyChat(), Db.timestamp(now), channelId)
                .update();
        jdbc.sql("delete from subscription_tier where channel_id = ?").param(channelId).update();
        for (SupportSettings.Tier t : s.tiers()) {
            jdbc.sql("insert into subscription_tier (channel_id, tier, name, price) values (?, ?, ?, ?)")
                    .params(channelId, t.tier(), t.name(), t.price()).update();
        }
    }

    public Optional<String> overlaySecret(long channelId) {
        return jdbc.sql("select overlay_secret from support_settings where channel_id = ?").param(channelId)
                .query(String.class).optional();
    }

    public Optional<Long> channelBySecret(String secret) {
        return jdbc.sql("select channel_id from support_settings where overlay_secret = ?").param(secret)
                .query(Long.class).optional();
    }

    public void putOverlaySecret(long channelId, String secret, Instant now) {
        jdbc.sql("update support_settings set overlay_secret = ?, updated_at = ? where channel_id = ?")
                .params(secret, Db.timestamp(now), channelId).update();
    }

    public OverlaySettings overlay(long channelId) {
        return jdbc.sql("select overlay_muted, alert_min_amount, tts_min_amount from support_settings"
                        + " where channel_id = ?").param(channelId)
                .query((rs, n) -> new OverlaySettings(rs.getBoolean("overlay_muted"), rs.getLong("alert_min_amount"),
                        rs.getLong("tts_min_amount"))).optional().orElse(OverlaySettings.DEFAULT);
    }

    public void putOverlay(long channelId, OverlaySettings s, Instant now) {
        jdbc.sql("update support_settings set overlay_muted = ?, alert_min_amount = ?, tts_min_amount = ?,"
                        + " updated_at = ? where channel_id = ?")
                .params(s.muted(), s.alertMinAmount(), s.ttsMinAmount(), Db.timestamp(now), channelId).update();
    }

    /**
     * A month more for the account: from the end of its current subscription if still active, else from now. A
     * higher tier applies at once (an upgrade); a lower one bought while a higher runs (checkout refuses it, but a
     * payment started before the upgrade can still complete) keeps the higher tier: the payer never loses what they
     * already paid for.
     */
    public Instant extendSubscription(long accountId, long channelId, int tier, Instant now) {
        Optional<Instant> until = activeUntil(accountId, channelId);
        Instant from = until.filter(now::isBefore).orElse(now);
        Instant next = from.atOffset(java.time.ZoneOffset.UTC).plusMonths(1).toInstant();
        if (until.isPresent()) {
            int kept = Math.max(tier, activeTier(accountId, channelId, now).orElse(tier));
            jdbc.sql("update subscription set tier = ?, active_until = ? where account_id = ? and channel_id = ?")
                    .params(kept, Db.timestamp(next), accountId, channelId).update();
        } else {
            jdbc.sql("insert into subscription (account_id, channel_id, tier, started_at, active_until)"
                            + " values (?, ?, ?, ?, ?)")
                    .params(accountId, channelId, tier, Db.timestamp(now), Db.timestamp(next)).update();
        }
        return next;
    }

    public Optional<Instant> activeUntil(long accountId, long channelId) {
        return jdbc.sql("select active_until from subscription where account_id = ? and channel_id = ?")
                .params(accountId, channelId).query((rs, n) -> Db.instant(rs, "active_until")).optional();
    }

    public Optional<Integer> activeTier(long accountId, long channelId, Instant now) {
        return jdbc.sql("select tier from subscription where account_id = ? and channel_id = ? and active_until > ?")
                .params(accountId, channelId, Db.timestamp(now)).query(Integer.class).optional();
    }

    /** Which of {@code usernames} are active subscribers of the channel (one query; at most 50 names: a history). */
    public List<String> activeSubscriberNames(long channelId, java.util.Set<String> usernames, Instant now) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(usernames.size(), "?"));
        List<Object> params = new java.util.ArrayList<>();
        params.add(channelId);
        params.add(Db.timestamp(now));
        params.addAll(usernames);
        return jdbc.sql("select a.username from subscription s join account a on a.id = s.account_id"
                        + " where s.channel_id = ? and s.active_until > ? and a.username in (" + marks + ")")
                .params(params).query(String.class).list();
    }

    public long activeSubscribers(long channelId, Instant now) {
        return jdbc.sql("select count(*) from subscription where channel_id = ? and active_until > ?")
                .params(channelId, Db.timestamp(now)).query(Long.class).single();
    }

    public String channelName(long channelId) {
        return jdbc.sql("select name from channel where id = ?").param(channelId).query(String.class).single();
    }

    /** Channels the account follows, by name. */
    public List<String> following(long accountId) {
        return jdbc.sql("select c.name from follow f join channel c on c.id = f.channel_id where f.account_id = ?"
                + " order by c.name").param(accountId).query(String.class).list();
    }
}
