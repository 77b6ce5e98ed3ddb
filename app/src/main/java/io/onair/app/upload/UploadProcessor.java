package io.onair.app.upload;

import io.onair.app.replay.DirectReplayArchive;
import io.onair.app.replay.ReplayEnded;
import io.onair.app.replay.ReplayKeys;
import io.onair.app.replay.ReplayProperties;
import io.onair.app.replay.ReplayRepository;
import io.onair.app.storage.BlobStore;
import io.onair.hls.HlsSettings;
import io.onair.hls.OfflinePackager;
import io.onair.hls.SegmentFormat;
import io.onair.transcode.Ladder;
import io.onair.transcode.Rendition;
import io.onair.transcode.SourceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One upload job, from scratch, on its worker's thread: forget whatever an earlier attempt stored, fetch the file
 * from storage, probe it, transcode it with one ffmpeg into FLV files ({@link UploadCommand}: the source rendition and
 * the ladder's rungs below the file's height), package those offline with the live packager into the broadcast
 * ({@link OfflinePackager}, {@link DirectReplayArchive}), then, in one transaction, end the broadcast (from then on it
 * is listed as a replay) and mark the job done. Thumbnails and retention follow ({@link ReplayEnded}).
 *
 * <p>Progress: transcoding is the first {@value #TRANSCODE_SHARE} of it, packaging and storing the rest; written to
 * the job's row at most once a second.
 */
final class UploadProcessor {
    private static final Logger log = LoggerFactory.getLogger(UploadProcessor.class);
    static final double TRANSCODE_SHARE = 0.9;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    /** What the processor needs from the rest of the server; one record so the wiring stays one line. */
    record Context(UploadRepository jobs, ReplayRepository replays, BlobStore store, ReplayProperties replaySettings,
            MediaProber prober, Path ffmpeg, Optional<Path> nice, String preset, Ladder ladder, HlsSettings hls,
            SegmentFormat format, Path workDir, InstantSource clock, TransactionTemplate tx,
            Consumer<ReplayEnded> events) {
    }

    private final Context c;

    UploadProcessor(Context context) {
        this.c = context;
    }

    /**
     * @throws CancellationException the job was cancelled or the server stops (the caller knows which)
     * @throws BadMediaException     the file cannot be transcoded (the reason is the job's error)
     * @throws IOException           storage or ffmpeg failed (the message is the job's error)
     */
    void run(UploadJob job, JobControl control) throws IOException, InterruptedException {
        discardReplay(job.broadcast()); // an earlier attempt's segments and rows: restart from scratch
        Path work = c.workDir().resolve("job-" + job.id());
        deleteTree(work);
        Files.createDirectories(work);
        try {
            Path file = work.resolve("source." + extension(job.sourceKey()));
            try (InputStream in = c.store().open(job.sourceKey(), 0, -1)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            halt(control);
            MediaInfo info = c.prober().probe(file, job.fileName());
            List<Rendition> rungs = c.ladder().select(new SourceInfo(info.width(), info.height(), info.fps(), 0));
            List<UploadCommand.Output> outputs = UploadCommand.outputs(info, rungs);
            log.info("uploads: job {} ({} of {}): {}x{} {} fps, {} s; renditions {}", job.id(), job.fileName(),
                    job.channel(), info.width(), info.height(), info.frameRate(), info.duration().toSeconds(),
                    outputs.stream().map(UploadCommand.Output::name).toList());
            Progress progress = new Progress(job.id());
            List<String> command = UploadCommand.command(c.ffmpeg(), c.nice(), file, work, info, outputs,
                    c.hls().targetDuration(), c.preset());
            FfmpegProgress.run(command, info.duration(), p -> progress.report(p * TRANSCODE_SHARE), control);
            Files.deleteIfExists(file); // the disk holds the renditions next, not the file as well
            packageInto(job, info, outputs, work, progress, control);
            finish(job);
        } finally {
            deleteTree(work);
        }
    }

    private void packageInto(UploadJob job, MediaInfo info, List<UploadCommand.Output> outputs, Path work,
            Progress progress, JobControl control) throws IOException {
        DirectReplayArchive archive = new DirectReplayArchive(c.replays(), c.store(), c.replaySettings(),
                job.broadcast(), job.channel(), job.createdAt(), control::halted);
        OfflinePackager packager = new OfflinePackager(job.channel(), c.hls(), c.format(), job.createdAt(), archive);
        Map<String, Path> files = new LinkedHashMap<>();
        outputs.forEach(o -> files.put(o.name(), work.resolve(o.name() + ".flv")));
        packager.start(outputs.stream().skip(1).map(UploadCommand.Output::name).toList());
        long total = Math.max(1, info.duration().toMillis() * 90);
        long ticks = FlvRenditions.feed(files, packager, t -> {
            progress.report(TRANSCODE_SHARE + (1 - TRANSCODE_SHARE) * Math.min(1, (double) t / total));
            if (archive.failure().isPresent()) {
                throw new StorageFailure(archive.failure().get());
            }
        }, control::halted);
        halt(control);
        packager.finish();
        halt(control);
        if (archive.failure().isPresent()) {
            throw new IOException("storing the replay failed: " + archive.failure().get());
        }
        if (!archive.ended() || !archive.renditions().contains("source")) {
            throw new IOException("the transcoded file had no picture to package");
        }
        log.info("uploads: job {} packaged: {} s in {}", job.id(), Math.round(FlvRenditions.seconds(ticks)),
                archive.renditions());
    }

    /** A store failure seen while feeding: stops the feed at once (the archive skips everything after it). */
    private static final class StorageFailure extends RuntimeException {
        StorageFailure(String message) {
            super("storing the replay failed: " + message);
        }
    }

    /** The broadcast becomes a listed replay and the job done, together; a job cancelled meanwhile stays undone. */
    private void finish(UploadJob job) {
        Instant now = c.clock().instant();
        boolean done = Boolean.TRUE.equals(c.tx().execute(status -> {
            c.replays().end(job.broadcast(), now);
            if (!c.jobs().done(job.id(), now)) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        }));
        if (!done) {
            throw new CancellationException("job " + job.id() + " is no longer running");
        }
        discardSource(job);
        log.info("uploads: job {} done: broadcast {} of {}", job.id(), job.broadcast(), job.channel());
        c.events().accept(new ReplayEnded(job.broadcast()));
    }

    /** Deletes what an attempt stored of the replay: its objects first, then its rows (nothing listed points nowhere). */
    void discardReplay(long broadcast) throws IOException {
        List<String> keys = c.store().list(ReplayKeys.prefix(broadcast));
        if (!keys.isEmpty()) {
            c.store().delete(keys);
        }
        c.replays().clear(broadcast);
    }

    /** Deletes the uploaded file (once the job is done or failed: nothing will read it again). */
    void discardSource(UploadJob job) {
        try {
            c.store().delete(List.of(job.sourceKey()));
        } catch (IOException | RuntimeException e) {
            log.warn("uploads: could not delete {} of job {}: {}", job.sourceKey(), job.id(), e.toString());
        }
    }

    /** Everything a job left: the replay's objects and rows, the uploaded file and the broadcast row. */
    void discardAll(UploadJob job) throws IOException {
        discardReplay(job.broadcast());
        discardSource(job);
        c.replays().purge(job.broadcast());
    }

    private static void halt(JobControl control) {
        if (control.halted()) {
            throw new CancellationException("halted");
        }
    }

    private static String extension(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The job's progress, written to its row when it moved and a second passed since the last write. */
    private final class Progress {
        private final long job;
        private Instant last = Instant.MIN;
        private double written = -1;

        Progress(long job) {
            this.job = job;
        }

        void report(double progress) {
            Instant now = c.clock().instant();
            if (progress - written >= 0.001 && !now.isBefore(last.plus(PROGRESS_EVERY))) {
                last = now;
                written = progress;
                c.jobs().progress(job, Math.min(progress, 0.999), now);
            }
        }
    }
}
