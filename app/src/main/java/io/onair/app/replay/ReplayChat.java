package io.onair.app.replay;

import io.onair.app.channel.Db;
import io.onair.app.chat.ChatMessage;
import io.onair.app.chat.ChatRepository;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The chat of a broadcast for its replay: the messages (not deleted) sent while it was live, each at its position in
 * the replay, i.e. its time since the broadcast's first segment's program date-time, the same clock the replay's
 * playlists carry, so a message shows when the picture reaches the moment it was sent about.
 */
@Repository
public class ReplayChat {
    /** Lines per request: an hour of a busy room is ~70,000 lines; the page asks for a window as it plays. */
    static final int MAX_LINES = 1000;

    private final JdbcClient jdbc;

    public ReplayChat(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param offset   seconds into the replay
     * @param donation for a donation's line (the user donated; the text is their message), else null
     */
    public record Line(long id, String user, String text, double offset, String system,
            ChatMessage.Donation donation) {
        /** The same line shown at another position (lines from just before position 0 are shown at 0). */
        public Line at(double position) {
            return new Line(id, user, text, position, system, donation);
        }
    }

    /** Lines sent between {@code from} and {@code to} (wall clock), oldest first, at most {@link #MAX_LINES}. */
    public List<Line> between(long channelId, Instant origin, Instant from, Instant to) {
        return jdbc.sql("select m.id, m.username, m.body, m.sent_at, m.kind, " + ChatRepository.DONATION_COLUMNS
                        + " from chat_message m " + ChatRepository.DONATION_JOIN + " where m.channel_id = ?"
                        + " and m.deleted_at is null and m.sent_at >= ? and m.sent_at <= ? order by m.sent_at, m.id"
                        + " limit ?")
                .params(channelId, Db.timestamp(from), Db.timestamp(to), MAX_LINES)
                .query((rs, n) -> new Line(rs.getLong("id"), rs.getString("username"), rs.getString("body"),
                        java.time.Duration.between(origin, Db.instant(rs, "sent_at")).toMillis() / 1000.0,
                        rs.getString("kind"), ChatRepository.donation(rs)))
                .list();
    }
}
