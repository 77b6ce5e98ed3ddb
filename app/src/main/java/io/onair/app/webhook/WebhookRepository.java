package io.onair.app.webhook;

import io.onair.app.channel.Db;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code webhook} and {@code webhook_delivery} tables. */
@Repository
public class WebhookRepository {
    private final JdbcClient jdbc;

    public WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param format  {@code onair}, {@code discord} or {@code slack} ({@link WebhookFormat})
     * @param events  the events it receives; empty means every event
     * @param siteUrl the site's address for links in chat messages, without a trailing slash; empty if unknown
     */
    public record Webhook(long id, long channelId, String url, String secret, String format, List<String> events,
            String siteUrl, Instant createdAt) {
        public boolean wants(String event) {
            return events.isEmpty() || events.contains(event);
        }
    }

    /** One delivery: the log line the owner sees, and the queue entry the dispatcher works on. */
    public record Delivery(long id, long webhookId, String url, String event, String body, String status, int attempts,
            Instant nextAttemptAt, Optional<Integer> lastStatus, String lastError, Instant createdAt,
            Optional<Instant> finishedAt) {
    }

    public Webhook insert(long channelId, String url, String secret, String format, List<String> events,
            String siteUrl, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into webhook (channel_id, url, secret, format, events, site_url, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(channelId, url, secret, format, String.join(",", events), siteUrl, Db.timestamp(now))
                .update(keys, "id");
        return new Webhook(Db.generatedId(keys), channelId, url, secret, format, List.copyOf(events), siteUrl, now);
    }

    public List<Webhook> byChannel(long channelId) {
        return jdbc.sql("select * from webhook where channel_id = ? order by id").param(channelId)
                .query((rs, n) -> {
                    String events = rs.getString("events");
                    return new Webhook(rs.getLong("id"), rs.getLong("channel_id"), rs.getString("url"),
                            rs.getString("secret"), rs.getString("format"),
                            events.isEmpty() ? List.of() : List.of(events.split(",")), rs.getString("site_url"),
                            Db.instant(rs, "created_at"));
                }).list();
    }

    public int count(long channelId) {
        return jdbc.sql("select count(*) from webhook where channel_id = ?").param(channelId).query(Integer.class)
                .single();
    }

    public boolean delete(long channelId, long id) {
        return jdbc.sql("delete from webhook where channel_id = ? and id = ?").params(channelId, id).update() > 0;
    }

    public void enqueue(long webhookId, String event, String body, Instant now) {
        jdbc.sql("insert into webhook_delivery (webhook_id, event, body, status, next_attempt_at, created_at)"
                        + " values (?, ?, ?, 'pending', ?, ?)")
                .params(webhookId, event, body, Db.timestamp(now), Db.timestamp(now)).update();
    }

    private static final String SELECT = "select d.*, w.url, w.secret from webhook_delivery d"
            + " join webhook w on w.id = d.webhook_id ";

    /** Pending deliveries due at {@code now}, oldest first. */
    public List<Delivery> due(Instant now, int limit) {
        return jdbc.sql(SELECT + "where d.status = 'pending' and d.next_attempt_at <= ? order by d.next_attempt_at,"
                + " d.id limit ?").params(Db.timestamp(now), limit).query(WebhookRepository::row).list();
    }

    public String secretOf(long webhookId) {
        return jdbc.sql("select secret from webhook where id = ?").param(webhookId).query(String.class).single();
    }

    /**
     * Takes a due delivery for one attempt: moves its next attempt to {@code lease} unless another dispatcher took
     * it first (false). A crash during the attempt leaves it pending, retried after the lease.
     */
    public boolean claim(Delivery d, Instant lease) {
        return jdbc.sql("update webhook_delivery set next_attempt_at = ? where id = ? and status = 'pending'"
                        + " and next_attempt_at = ?")
                .params(Db.timestamp(lease), d.id(), Db.timestamp(d.nextAttemptAt())).update() > 0;
    }

    public void finish(long id, String status, int attempts, Optional<Integer> httpStatus, String error, Instant now) {
        jdbc.sql("update webhook_delivery set status = ?, attempts = ?, last_status = ?, last_error = ?,"
                        + " finished_at = ? where id = ?")
                .params(status, attempts, httpStatus.orElse(null), cut(error), Db.timestamp(now), id).update();
    }

    public void retryAt(long id, int attempts, Optional<Integer> httpStatus, String error, Instant next) {
        jdbc.sql("update webhook_delivery set attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?"
                        + " where id = ?")
                .params(attempts, httpStatus.orElse(null), cut(error), Db.timestamp(next), id).update();
    }

    /** The delivery log of a channel, newest first. */
    public List<Delivery> log(long channelId, int limit) {
        return jdbc.sql(SELECT + "where w.channel_id = ? order by d.id desc limit ?").params(channelId, limit)
                .query(WebhookRepository::row).list();
    }

    public Optional<Delivery> delivery(long id) {
        return jdbc.sql(SELECT + "where d.id = ?").param(id).query(WebhookRepository::row).optional();
    }

    private static String cut(String s) {
        return s.length() > 500 ? s.substring(0, 500) : s;
    }

    private static Delivery row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        int st = rs.getInt("last_status");
        Optional<Integer> last = rs.wasNull() ? Optional.empty() : Optional.of(st);
        return new Delivery(rs.getLong("id"), rs.getLong("webhook_id"), rs.getString("url"), rs.getString("event"),
                rs.getString("body"), rs.getString("status"), rs.getInt("attempts"), Db.instant(rs, "next_attempt_at"),
                last, rs.getString("last_error"), Db.instant(rs, "created_at"),
                Optional.ofNullable(Db.instant(rs, "finished_at")));
    }
}
