package io.onair.app.upload;

import java.time.Instant;
import java.util.Locale;

/**
 * An uploaded file and its transcoding job (a row of {@code upload_job}).
 *
 * @param broadcast   the broadcast it becomes (listed as a replay once done)
 * @param title       that broadcast's title
 * @param sourceKey   where the uploaded file is kept until the job is done
 * @param progress    0 to 1: transcoding is the first 90 %, packaging and storing the rest
 * @param attempts    times the job was started (a server stopping mid-job makes another)
 */
public record UploadJob(long id, String channel, long broadcast, String title, String fileName, String sourceKey,
        long sourceBytes, State state, double progress, String error, int attempts, Instant createdAt,
        Instant updatedAt) {

    public enum State {
        QUEUED, RUNNING, DONE, FAILED;

        /** The value in the {@code state} column (at most 8 characters). */
        public String db() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String db) {
            return valueOf(db.toUpperCase(Locale.ROOT));
        }
    }
}
