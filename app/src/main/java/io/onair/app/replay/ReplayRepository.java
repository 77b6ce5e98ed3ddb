package io.onair.app.replay;

import io.onair.app.channel.Db;
import io.onair.hls.VodRendition;
import io.onair.hls.VodSegment;
import io.onair.hls.VodTrack;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code broadcast}, {@code broadcast_rendition}, {@code broadcast_init} and {@code broadcast_segment} tables. */
@Repository
public class ReplayRepository {
    private static final String COLUMNS = "id, channel, title, origin, started_at, ended_at, first_pdt, duration_ms,"
            + " bytes, hidden, incomplete, deleted_at, thumbnails, thumbnail_interval_ms,"
            + " exists(select 1 from broadcast_rendition r where r.broadcast_id = broadcast.id and r.extension = 'ts')"
            + " as mpeg_ts";

    /** An ended broadcast that is not deleted, or deleted with segments a clip kept. */
    private static final String LEFT = "broadcast.ended_at is not null and (broadcast.deleted_at is null or exists"
            + " (select 1 from broadcast_segment s where s.broadcast_id = broadcast.id))";

    private final JdbcClient jdbc;

    public ReplayRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long create(String channel, String title, String origin, Instant startedAt, boolean hidden) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into broadcast (channel, title, origin, started_at, hidden) values (?, ?, ?, ?, ?)")
                .params(channel, title, origin, Db.timestamp(startedAt), hidden)
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    public Optional<Broadcast> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from broadcast where id = ?").param(id)
                .query(ReplayRepository::map).optional();
    }

    /**
     * A channel's replays not deleted, newest first; hidden ones only with {@code withHidden}. An upload being
     * processed is never listed, for anyone: its segments are stored as they are packaged, and a half-made replay
     * must not be half-listed (the uploads API shows its progress instead).
     */
    public List<Broadcast> list(String channel, boolean withHidden, int limit) {
        return jdbc.sql("select " + COLUMNS + " from broadcast where channel = ? and deleted_at is null"
                        + " and " + FINISHED + (withHidden ? "" : " and hidden = false")
                        + " order by started_at desc, id desc limit ?")
                .params(channel, limit).query(ReplayRepository::map).list();
    }

    /** Live recordings (listed while live) and uploads once processed. */
    private static final String FINISHED = "(origin <> '" + Broadcast.UPLOAD + "' or ended_at is not null)";

    /**
     * Forgets what was recorded into a broadcast (rows of its segments, init segments and renditions; size,
     * duration, first program date-time): an upload restarted from scratch. Its objects are the caller's to delete.
     */
    public void clear(long id) {
        jdbc.sql("delete from broadcast_segment where broadcast_id = ?").param(id).update();
        jdbc.sql("delete from broadcast_init where broadcast_id = ?").param(id).update();
        jdbc.sql("delete from broadcast_rendition where broadcast_id = ?").param(id).update();
        jdbc.sql("update broadcast set bytes = 0, duration_ms = 0, first_pdt = null, incomplete = false,"
                + " thumbnails = 0, thumbnail_interval_ms = 0 where id = ?").param(id).update();
    }

    /** Deletes a broadcast's row and every row under it (an upload cancelled before it became a replay). */
    public void purge(long id) {
        jdbc.sql("delete from broadcast where id = ?").param(id).update();
    }

    /** Ended replays (not deleted) of every channel that ended before {@code before}, oldest first. */
    public List<Broadcast> endedBefore(Instant before, int limit) {
        return jdbc.sql("select " + COLUMNS + " from broadcast where deleted_at is null and ended_at is not null"
                        + " and ended_at < ? order by ended_at, id limit ?")
                .params(Db.timestamp(before), limit).query(ReplayRepository::map).list();
    }

    /** Ended replays of a channel (not deleted), oldest first: what a size limit deletes first. */
    public List<Broadcast> endedOf(String channel) {
        return jdbc.sql("select " + COLUMNS + " from broadcast where channel = ? and deleted_at is null"
                        + " and ended_at is not null order by ended_at, id")
                .param(channel).query(ReplayRepository::map).list();
    }

    /**
     * Channels of deleted accounts that still have replays (not deleted) or clips: what the account deletion left
     * (a broadcast still live when it happened ends later) or a crash interrupted.
     */
    public List<String> channelsOfDeletedAccounts() {
        return jdbc.sql("select a.username from account a where a.deleted_at is not null and (exists (select 1 from"
                        + " broadcast where broadcast.channel = a.username and " + LEFT + ") or exists (select 1 from clip c"
                        + " where c.channel = a.username))")
                .query(String.class).list();
    }

    /** A channel's ended broadcasts with something stored: not deleted, or deleted with segments a clip kept. */
    public List<Broadcast> leftOf(String channel) {
        return jdbc.sql("select " + COLUMNS + " from broadcast where channel = ? and " + LEFT + " order by id")
                .param(channel).query(ReplayRepository::map).list();
    }

    /** Drops a channel's clips (their segments then belong to their replays alone); how many. */
    public int deleteClipsOf(String channel) {
        return jdbc.sql("delete from clip where channel = ?").param(channel).update();
    }

    /** Channels with replays (not deleted) and their stored bytes. */
    public Map<String, Long> bytesByChannel() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("select channel, sum(bytes) as total from broadcast where deleted_at is null group by channel"
                        + " order by channel")
                .query((rs, n) -> out.put(rs.getString("channel"), rs.getLong("total"))).list();
        return out;
    }

    public void setFirstPdt(long id, Instant pdt) {
        jdbc.sql("update broadcast set first_pdt = ? where id = ? and first_pdt is null")
                .params(Db.timestamp(pdt), id).update();
    }

    public void addRendition(long id, String name, VodTrack track, String extension) {
        Integer n = jdbc.sql("select count(*) from broadcast_rendition where broadcast_id = ? and name = ?")
                .params(id, name).query(Integer.class).single();
        if (n == 0) {
            jdbc.sql("insert into broadcast_rendition (broadcast_id, name, audio, codecs, width, height, frame_rate,"
                            + " sample_rate, channels, extension) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(id, name, track.audio(), track.codecs(), track.width(), track.height(),
                            track.frameRate().isPresent() ? track.frameRate().getAsDouble() : null,
                            track.sampleRate(), track.channels(), extension)
                    .update();
        }
    }

    public void addInit(long id, String rendition, long number, String key) {
        Integer n = jdbc.sql("select count(*) from broadcast_init where broadcast_id = ? and rendition = ?"
                + " and number = ?").params(id, rendition, number).query(Integer.class).single();
        if (n == 0) {
            jdbc.sql("insert into broadcast_init (broadcast_id, rendition, number, blob_key) values (?, ?, ?, ?)")
                    .params(id, rendition, number, key).update();
        }
    }

    /** Indexes a stored segment and grows the broadcast's size and duration (from its first program date-time). */
    public void addSegment(long id, String rendition, VodSegment s, String key, long durationMs) {
        jdbc.sql("insert into broadcast_segment (broadcast_id, rendition, sequence, start_ticks, duration_ticks,"
                        + " discontinuity, program_date_time, init_number, bytes, blob_key)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, rendition, s.sequence(), s.start(), s.durationTicks(), s.discontinuity(),
                        Db.timestamp(s.programDateTime()), s.init().isPresent() ? s.init().getAsLong() : null,
                        (int) s.bytes(), key)
                .update();
        jdbc.sql("update broadcast set bytes = bytes + ?, duration_ms = greatest(duration_ms, ?) where id = ?")
                .params(s.bytes(), durationMs, id).update();
    }

    public void markIncomplete(long id) {
        jdbc.sql("update broadcast set incomplete = true where id = ?").param(id).update();
    }

    public void end(long id, Instant at) {
        jdbc.sql("update broadcast set ended_at = ? where id = ? and ended_at is null")
                .params(Db.timestamp(at), id).update();
    }

    /**
     * Ended replays without a thumbnail strip, newest first, at most {@code max}: those a stopped server never made
     * (ended at its shutdown or its next start), and those without video, which a retry settles at once.
     */
    public List<Long> endedWithoutThumbnails(int max) {
        return jdbc.sql("select id from broadcast where deleted_at is null and ended_at is not null and thumbnails = 0"
                + " order by id desc limit ?").param(max).query(Long.class).list();
    }

    /** Live recordings a stopped server left open: they ended when it stopped; how many. */
    public int endUnended(Instant at) {
        return jdbc.sql("update broadcast set ended_at = ? where ended_at is null and origin = ?")
                .params(Db.timestamp(at), Broadcast.LIVE).update();
    }

    public void update(long id, String title, boolean hidden) {
        jdbc.sql("update broadcast set title = ?, hidden = ? where id = ?").params(title, hidden, id).update();
    }

    public void setThumbnails(long id, int count, Duration interval) {
        jdbc.sql("update broadcast set thumbnails = ?, thumbnail_interval_ms = ? where id = ?")
                .params(count, interval.toMillis(), id).update();
    }

    /** The renditions and their stored segments, in sequence order (a replay's playlists). */
    public List<VodRendition> renditions(long id) {
        Map<String, List<VodSegment>> segments = new LinkedHashMap<>();
        jdbc.sql("select rendition, sequence, start_ticks, duration_ticks, discontinuity, program_date_time,"
                        + " init_number, bytes from broadcast_segment where broadcast_id = ? order by rendition, sequence")
                .param(id)
                .query((rs, n) -> {
                    long init = rs.getLong("init_number");
                    OptionalLong initNumber = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(init);
                    segments.computeIfAbsent(rs.getString("rendition"), r -> new ArrayList<>()).add(new VodSegment(
                            rs.getLong("sequence"), rs.getLong("start_ticks"), rs.getLong("duration_ticks"),
                            rs.getBoolean("discontinuity"), Db.instant(rs, "program_date_time"), initNumber,
                            rs.getInt("bytes")));
                    return null;
                }).list();
        return jdbc.sql("select name, audio, codecs, width, height, frame_rate, sample_rate, channels, extension"
                        + " from broadcast_rendition where broadcast_id = ? order by audio, height desc, name")
                .param(id)
                .query((rs, n) -> {
                    double fps = rs.getDouble("frame_rate");
                    OptionalDouble frameRate = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(fps);
                    String name = rs.getString("name");
                    return new VodRendition(name, new VodTrack(rs.getBoolean("audio"), rs.getString("codecs"),
                            rs.getInt("width"), rs.getInt("height"), frameRate, rs.getInt("sample_rate"),
                            rs.getInt("channels")), rs.getString("extension"),
                            List.copyOf(segments.getOrDefault(name, List.of())));
                }).list();
    }

    /** Blob keys of the segments and init segments of a broadcast that no clip covers. */
    public List<String> unclippedKeys(long id) {
        List<String> keys = new ArrayList<>(jdbc.sql("select s.blob_key from broadcast_segment s where"
                        + " s.broadcast_id = ? and not exists (select 1 from clip c where c.broadcast_id = s.broadcast_id"
                        + " and s.sequence between c.first_sequence and c.last_sequence)")
                .param(id).query(String.class).list());
        keys.addAll(jdbc.sql("select i.blob_key from broadcast_init i where i.broadcast_id = ? and not exists"
                        + " (select 1 from broadcast_segment s join clip c on c.broadcast_id = s.broadcast_id and"
                        + " s.sequence between c.first_sequence and c.last_sequence where s.broadcast_id ="
                        + " i.broadcast_id and s.rendition = i.rendition and s.init_number = i.number)")
                .param(id).query(String.class).list());
        return keys;
    }

    /**
     * Marks the broadcast deleted and drops the index rows of what no clip covers (their blobs are deleted by the
     * caller); a broadcast no clip uses loses its rows entirely.
     */
    public void delete(long id, Instant at) {
        jdbc.sql("delete from broadcast_segment s where s.broadcast_id = ? and not exists (select 1 from clip c where"
                        + " c.broadcast_id = s.broadcast_id and s.sequence between c.first_sequence and c.last_sequence)")
                .param(id).update();
        jdbc.sql("delete from broadcast_init i where i.broadcast_id = ? and not exists (select 1 from"
                        + " broadcast_segment s where s.broadcast_id = i.broadcast_id and s.rendition = i.rendition"
                        + " and s.init_number = i.number)")
                .param(id).update();
        jdbc.sql("update broadcast set deleted_at = ?, hidden = true, bytes = coalesce((select sum(s.bytes) from"
                        + " broadcast_segment s where s.broadcast_id = ?), 0) where id = ?")
                .params(Db.timestamp(at), id, id).update();
    }

    private static Broadcast map(ResultSet rs, int n) throws SQLException {
        return new Broadcast(rs.getLong("id"), rs.getString("channel"), rs.getString("title"), rs.getString("origin"),
                Db.instant(rs, "started_at"), Optional.ofNullable(Db.instant(rs, "ended_at")),
                Optional.ofNullable(Db.instant(rs, "first_pdt")), Duration.ofMillis(rs.getLong("duration_ms")),
                rs.getLong("bytes"), rs.getBoolean("hidden"), rs.getBoolean("incomplete"),
                rs.getObject("deleted_at") != null, rs.getInt("thumbnails"),
                Duration.ofMillis(rs.getLong("thumbnail_interval_ms")), rs.getBoolean("mpeg_ts"));
    }
}
