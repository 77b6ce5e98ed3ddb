package io.onair.app.upload;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the upload jobs queued in the database: {@code onair.replays.upload-concurrency} workers (default 1: an
 * upload's ffmpeg already uses every core, and live transcoding must keep priority; its ffmpeg runs under
 * {@code nice -n 10} too). Each worker takes the oldest queued job with a compare-and-set on its state, so workers
 * never share one, and runs it ({@link UploadProcessor}); it looks for work when told ({@link #wake}) and every
 * {@value #POLL_SECONDS} s.
 *
 * <p>Restarts: a job is restarted from scratch, never resumed (its ffmpeg's state is gone with the process, and a
 * half-packaged replay is cheaper to delete than to verify). At {@link #start}, the jobs a stopped server left
 * {@code running} are queued again, or failed once they were started {@value #MAX_ATTEMPTS} times (a file that
 * kills the server must not do so forever); each attempt first deletes what the previous one stored. Nothing of an
 * unfinished job is ever listed: the broadcast becomes a replay only when the job is done.
 *
 * <p>One server per database (as for the channel catalog): workers of two servers would each take the other's
 * running jobs for orphans at start.
 */
public final class UploadRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UploadRunner.class);
    static final int MAX_ATTEMPTS = 3;
    static final int POLL_SECONDS = 2;
    /** How long a cancel waits for the worker to let go (ffmpeg killed, the packager's next frame checks). */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

    private final UploadRepository jobs;
    private final UploadProcessor processor;
    private final int concurrency;
    private final InstantSource clock;
    private final Semaphore work = new Semaphore(0);
    private final ConcurrentHashMap<Long, JobControl> active = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;

    UploadRunner(UploadRepository jobs, UploadProcessor processor, int concurrency, InstantSource clock) {
        this.jobs = jobs;
        this.processor = processor;
        this.concurrency = concurrency;
        this.clock = clock;
    }

    /** Recovers what a stopped server left running, then starts the workers. */
    public synchronized void start() {
        if (!workers.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        stopping = false;
        recover();
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofPlatform().daemon().name("upload-worker-" + i).start(this::work));
        }
    }

    private void recover() {
        for (UploadJob job : jobs.running()) {
            String reason = "the server stopped during each of " + MAX_ATTEMPTS + " attempts";
            try {
                processor.discardReplay(job.broadcast());
            } catch (IOException | RuntimeException e) {
                log.warn("uploads: job {}: could not delete what an interrupted attempt stored ({}); the next"
                        + " attempt deletes it first", job.id(), e.toString());
            }
            Optional<UploadJob.State> now = jobs.recover(job.id(), MAX_ATTEMPTS, reason, clock.instant());
            if (now.equals(Optional.of(UploadJob.State.FAILED))) {
                processor.discardSource(job);
                log.warn("uploads: job {} ({}) failed: {}", job.id(), job.fileName(), reason);
            } else if (now.isPresent()) {
                log.info("uploads: job {} ({}) was interrupted by a stop: queued again, restarting from scratch"
                        + " (attempt {} of {})", job.id(), job.fileName(), job.attempts() + 1, MAX_ATTEMPTS);
            }
        }
    }

    /** A job was queued: a waiting worker looks now instead of at its next poll. */
    public void wake() {
        work.release();
    }

    private void work() {
        while (!stopping) {
            Optional<UploadJob> job = take();
            if (job.isEmpty()) {
                try {
                    if (work.tryAcquire(POLL_SECONDS, TimeUnit.SECONDS) && !stopping) {
                        work.drainPermits();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            run(job.get());
        }
    }

    /** Claims the oldest queued job; its control is registered before the claim, so a cancel always finds it. */
    private Optional<UploadJob> take() {
        try {
            for (Optional<Long> id = jobs.nextQueued(); id.isPresent() && !stopping; id = jobs.nextQueued()) {
                JobControl control = new JobControl(id.get());
                if (active.putIfAbsent(id.get(), control) != null) {
                    continue;
                }
                if (jobs.claim(id.get(), clock.instant())) {
                    Optional<UploadJob> job = jobs.find(id.get());
                    if (job.isPresent()) {
                        return job;
                    }
                }
                active.remove(id.get(), control);
                control.finished();
            }
        } catch (RuntimeException e) {
            log.error("uploads: could not read the job queue", e);
        }
        return Optional.empty();
    }

    private void run(UploadJob job) {
        JobControl control = active.get(job.id());
        try {
            processor.run(job, control);
        } catch (CancellationException e) {
            if (control.stopped() && !control.cancelled()) {
                log.info("uploads: job {} stopped with the server; it restarts from scratch at the next start",
                        job.id());
            }
            // cancelled: the canceller deletes the rest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (control.halted()) {
                return; // an error caused by the kill
            }
            String reason = e instanceof BadMediaException ? e.getMessage()
                    : e.getMessage() != null ? e.getMessage() : e.toString();
            if (!(e instanceof BadMediaException) && !(e instanceof IOException)) {
                log.error("uploads: job {} failed", job.id(), e);
            } else {
                log.warn("uploads: job {} ({}) failed: {}", job.id(), job.fileName(), reason);
            }
            try {
                processor.discardReplay(job.broadcast());
            } catch (IOException | RuntimeException ex) {
                log.warn("uploads: job {}: could not delete what it stored: {}", job.id(), ex.toString());
            }
            if (jobs.failed(job.id(), reason, clock.instant())) {
                processor.discardSource(job);
            }
        } finally {
            active.remove(job.id(), control);
            control.finished();
        }
    }

    /**
     * Stops job {@code id} if a worker here runs it (its ffmpeg killed) and waits until the worker let go.
     *
     * @return false when the worker did not let go in time
     */
    boolean cancel(long id) throws InterruptedException {
        JobControl control = active.get(id);
        if (control == null) {
            return true;
        }
        control.cancel();
        return control.awaitFinished(CANCEL_WAIT);
    }

    /** Whether a worker here runs job {@code id} now. */
    boolean running(long id) {
        return active.containsKey(id);
    }

    /**
     * Stops the workers the way a killed server stops: ffmpeg killed, the running jobs' rows left {@code running},
     * whatever they stored left in place. For tests of the restart; {@link #start} then recovers as at a server
     * start.
     */
    synchronized void crash() throws InterruptedException {
        halt();
    }

    private void halt() throws InterruptedException {
        stopping = true;
        active.values().forEach(JobControl::stop);
        // Woken, not interrupted: an interrupt inside a JDBC call can close H2's file channel under everyone.
        work.release(workers.size());
        for (Thread t : workers) {
            t.join(Duration.ofSeconds(30));
        }
        workers.clear();
    }

    /**
     * Stops the workers; a job running is queued again without counting the attempt (this server stopped it), and
     * restarts from scratch at the next start.
     */
    @Override
    public synchronized void close() {
        List<Long> running = List.copyOf(active.keySet());
        try {
            halt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long id : running) {
            try {
                jobs.requeue(id, clock.instant());
            } catch (RuntimeException e) {
                log.warn("uploads: job {} stays marked running ({}); it is recovered at the next start", id,
                        e.toString());
            }
        }
    }
}
