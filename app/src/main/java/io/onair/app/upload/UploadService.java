package io.onair.app.upload;

import io.onair.app.api.ApiException;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.replay.Broadcast;
import io.onair.app.replay.ReplayRepository;
import io.onair.app.replay.ReplayService;
import io.onair.app.security.OnairUser;
import io.onair.app.storage.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uploads as the API sees them: who may upload (the channel's owner or a site admin, as for its replays), accepting
 * a received file (probed before anything is stored; then stored, then the broadcast and the queued job created
 * in one transaction), listing and cancelling jobs.
 */
public class UploadService {
    private static final Logger log = LoggerFactory.getLogger(UploadService.class);
    /** A channel's jobs shown at most (newest first). */
    private static final int LISTED = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UploadRepository jobs;
    private final ReplayRepository replays;
    private final ReplayService replayService;
    private final ChannelCatalog channels;
    private final BlobStore store;
    private final MediaProber prober;
    private final UploadRunner runner;
    private final UploadProcessor processor;
    private final TransactionTemplate tx;
    private final InstantSource clock;

    UploadService(UploadRepository jobs, ReplayRepository replays, ReplayService replayService,
            ChannelCatalog channels, BlobStore store, MediaProber prober, UploadRunner runner,
            UploadProcessor processor, TransactionTemplate tx, InstantSource clock) {
        this.jobs = jobs;
        this.replays = replays;
        this.replayService = replayService;
        this.channels = channels;
        this.store = store;
        this.prober = prober;
        this.runner = runner;
        this.processor = processor;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Checks, before a byte of the body is read, that {@code user} may upload to {@code channel}.
     *
     * @throws ApiException 404 for a channel without an account, 403 for anyone but its owner and site admins
     */
    public void requireManage(OnairUser user, String channel) {
        if (channels.channel(channel).isEmpty()) {
            throw ApiException.notFound("No channel '" + channel + "'");
        }
        if (!replayService.canManage(Optional.of(user), channel)) {
            throw ApiException.forbidden("Only the channel's owner can upload videos to it");
        }
    }

    /**
     * Takes a received file (the caller deletes {@code file} afterwards): probed, stored as
     * {@code uploads/{random}/source.{ext}}, then the broadcast (an upload, not listed until processed) and the
     * queued job are created together. A random key rather than the job's id: the file is stored before the rows
     * exist, so a failure in between leaves no row pointing at nothing (the stored file is deleted again).
     *
     * @throws ApiException 400 naming {@code file} with ffprobe's reason when it cannot be transcoded
     */
    public UploadJob accept(String channel, Path file, String fileName, String title)
            throws IOException, InterruptedException {
        MediaInfo info;
        try {
            info = prober.probe(file, fileName);
        } catch (BadMediaException e) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("file", e.getMessage())));
        }
        long size = Files.size(file);
        String key = "uploads/" + token() + "/source." + info.extension();
        store.putFile(key, file, info.extension().equals("mov") ? "video/quicktime"
                : info.extension().equals("mkv") ? "video/x-matroska"
                : info.extension().equals("webm") ? "video/webm" : "video/mp4");
        Instant now = clock.instant();
        long id;
        try {
            id = tx.execute(status -> {
                long broadcast = replays.create(channel, title, Broadcast.UPLOAD, now, false);
                return jobs.create(channel, broadcast, fileName, key, size, now);
            });
        } catch (RuntimeException e) {
            store.delete(List.of(key));
            throw e;
        }
        log.info("uploads: job {} queued: {} ({} MB, {} {}x{}, {} s) for {}", id, fileName, size >> 20,
                info.videoCodec(), info.width(), info.height(), info.duration().toSeconds(), channel);
        runner.wake();
        return jobs.find(id).orElseThrow();
    }

    public List<UploadJob> list(String channel) {
        return jobs.list(channel, LISTED);
    }

    /**
     * Cancels a job: a queued, running or failed one goes with everything it stored (ffmpeg killed, the replay's
     * objects and rows, the uploaded file, the broadcast row); a done one only leaves the list (its replay is managed
     * as a replay).
     *
     * @throws ApiException 404 when the channel has no such job
     */
    public void cancel(String channel, long id) throws IOException, InterruptedException {
        UploadJob job = jobs.find(id).filter(j -> j.channel().equals(channel))
                .orElseThrow(() -> ApiException.notFound("No upload " + id + " on " + channel));
        if (!jobs.deleteUnfinished(id)) {
            // done (perhaps just now): only the job leaves the list, its replay stays
            if (!jobs.delete(id)) {
                throw ApiException.notFound("No upload " + id + " on " + channel);
            }
            return;
        }
        if (!runner.cancel(id)) {
            // Its archive stores nothing more once cancelled (checked before every object): at most one write is
            // still under way, and its object is deleted with the rest.
            log.warn("uploads: job {} did not stop within the wait; deleting what it stored anyway", id);
        }
        processor.discardAll(job);
        log.info("uploads: job {} ({}) {}", id, job.fileName(),
                job.state() == UploadJob.State.FAILED ? "deleted" : "cancelled, nothing kept");
    }

    /** Cancels every job of the channel, its account being deleted: unfinished ones with all they stored. */
    public void cancelAll(String channel) throws IOException, InterruptedException {
        for (UploadJob job : jobs.list(channel, Integer.MAX_VALUE)) {
            try {
                cancel(channel, job.id());
            } catch (ApiException gone) {
                // cancelled meanwhile by the owner's own request: nothing left to do
            }
        }
    }

    private static String token() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
