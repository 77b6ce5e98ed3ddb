package io.onair.app.upload;

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

/**
 * The {@code upload_job} table: a queue that survives restarts. Every change of state is a compare-and-set on the
 * state it leaves ({@code ... where id = ? and state = 'running'}), so a worker that claimed a job, a cancel and a
 * recovery at start cannot both win.
 */
@Repository
public class UploadRepository {
    private static final String COLUMNS = "j.id, j.channel, j.broadcast_id, b.title, j.file_name, j.source_key,"
            + " j.source_bytes, j.state, j.progress, j.error, j.attempts, j.created_at, j.updated_at";
    private static final String FROM = " from upload_job j join broadcast b on b.id = j.broadcast_id";
    private static final String QUEUED = UploadJob.State.QUEUED.db();
    private static final String RUNNING = UploadJob.State.RUNNING.db();

    private final JdbcClient jdbc;

    public UploadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long create(String channel, long broadcast, String fileName, String sourceKey, long sourceBytes,
            Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into upload_job (channel, broadcast_id, file_name, source_key, source_bytes, state,"
                        + " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(channel, broadcast, fileName, sourceKey, sourceBytes, QUEUED, Db.timestamp(now),
                        Db.timestamp(now))
                .update(keys, "id");
        return Db.generatedId(keys);
    }

    public Optional<UploadJob> find(long id) {
        return jdbc.sql("select " + COLUMNS + FROM + " where j.id = ?").param(id).query(UploadRepository::map)
                .optional();
    }

    /** A channel's jobs, newest first, without those whose replay was deleted since. */
    public List<UploadJob> list(String channel, int limit) {
        return jdbc.sql("select " + COLUMNS + FROM + " where j.channel = ? and b.deleted_at is null"
                        + " order by j.id desc limit ?")
                .params(channel, limit).query(UploadRepository::map).list();
    }

    /** The oldest queued job's id. */
    public Optional<Long> nextQueued() {
        return jdbc.sql("select id from upload_job where state = ? order by id limit 1").param(QUEUED)
                .query(Long.class).optional();
    }

    /** Takes a queued job for this worker: true when it was still queued (no one else took or cancelled it). */
    public boolean claim(long id, Instant now) {
        return jdbc.sql("update upload_job set state = ?, attempts = attempts + 1, progress = 0, error = '',"
                        + " updated_at = ? where id = ? and state = ?")
                .params(RUNNING, Db.timestamp(now), id, QUEUED).update() == 1;
    }

    public void progress(long id, double progress, Instant now) {
        jdbc.sql("update upload_job set progress = ?, updated_at = ? where id = ? and state = ?")
                .params(progress, Db.timestamp(now), id, RUNNING).update();
    }

    /** The job is done; false when it is no longer running (cancelled meanwhile). */
    public boolean done(long id, Instant now) {
        return jdbc.sql("update upload_job set state = ?, progress = 1, error = '', updated_at = ? where id = ?"
                        + " and state = ?")
                .params(UploadJob.State.DONE.db(), Db.timestamp(now), id, RUNNING).update() == 1;
    }

    public boolean failed(long id, String error, Instant now) {
        return jdbc.sql("update upload_job set state = ?, error = ?, updated_at = ? where id = ? and state = ?")
                .params(UploadJob.State.FAILED.db(), clip(error), Db.timestamp(now), id, RUNNING).update() == 1;
    }

    /** A job this server stopped itself (shutdown): queued again, the interrupted attempt not counted. */
    public void requeue(long id, Instant now) {
        jdbc.sql("update upload_job set state = ?, attempts = greatest(attempts - 1, 0), progress = 0,"
                        + " updated_at = ? where id = ? and state = ?")
                .params(QUEUED, Db.timestamp(now), id, RUNNING).update();
    }

    /** Jobs marked running: at start, those a stopped server left behind. */
    public List<UploadJob> running() {
        return jdbc.sql("select " + COLUMNS + FROM + " where j.state = ? order by j.id").param(RUNNING)
                .query(UploadRepository::map).list();
    }

    /**
     * A job a stopped server left running: queued again, or failed with {@code reason} once it was started
     * {@code maxAttempts} times (a file that brings the server down must not do so forever).
     *
     * @return the state it is in now, if it was still running
     */
    public Optional<UploadJob.State> recover(long id, int maxAttempts, String reason, Instant now) {
        int n = jdbc.sql("update upload_job set state = case when attempts >= ? then ? else ? end, error = case when"
                        + " attempts >= ? then ? else error end, progress = 0, updated_at = ? where id = ? and"
                        + " state = ?")
                .params(maxAttempts, UploadJob.State.FAILED.db(), QUEUED, maxAttempts, clip(reason),
                        Db.timestamp(now), id, RUNNING)
                .update();
        return n == 1 ? find(id).map(UploadJob::state) : Optional.empty();
    }

    /**
     * Removes the row of a job that is not done: false when it is done (or gone). Atomic against {@link #done}: of a
     * cancel and a finishing worker exactly one wins.
     */
    public boolean deleteUnfinished(long id) {
        return jdbc.sql("delete from upload_job where id = ? and state <> ?").params(id, UploadJob.State.DONE.db())
                .update() == 1;
    }

    /** Removes the job's row; false when it was not there. */
    public boolean delete(long id) {
        return jdbc.sql("delete from upload_job where id = ?").param(id).update() == 1;
    }

    private static String clip(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }

    private static UploadJob map(ResultSet rs, int n) throws SQLException {
        return new UploadJob(rs.getLong("id"), rs.getString("channel"), rs.getLong("broadcast_id"),
                rs.getString("title"), rs.getString("file_name"), rs.getString("source_key"),
                rs.getLong("source_bytes"), UploadJob.State.of(rs.getString("state")), rs.getDouble("progress"),
                rs.getString("error"), rs.getInt("attempts"), Db.instant(rs, "created_at"),
                Db.instant(rs, "updated_at"));
    }
}
