package io.onair.app.upload;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One running job as its worker and the rest of the server see it: whether it was cancelled (by its owner) or
 * stopped (the server is shutting down, or a test simulates a crash), the ffmpeg process to kill when either
 * happens, and a latch the canceller waits on until the worker let go of the job.
 */
final class JobControl {
    private final long job;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean cancelled;
    private volatile boolean stopped;
    private volatile Process process;

    JobControl(long job) {
        this.job = job;
    }

    long job() {
        return job;
    }

    /** The job's ffmpeg; killed at once if the job was halted before it started. */
    void process(Process p) {
        this.process = p;
        if (halted()) {
            p.destroyForcibly();
        }
    }

    /** The owner cancelled the job: ffmpeg is killed, the worker stops and leaves the clean-up to the canceller. */
    void cancel() {
        cancelled = true;
        kill();
    }

    /** The server stops: ffmpeg is killed, the worker stops and leaves the job as it is. */
    void stop() {
        stopped = true;
        kill();
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean stopped() {
        return stopped;
    }

    boolean halted() {
        return cancelled || stopped;
    }

    void finished() {
        finished.countDown();
    }

    /** Waits until the worker let go of the job; false on time-out. */
    boolean awaitFinished(java.time.Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void kill() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // ffmpeg under nice: the child first
            p.destroyForcibly();
        }
    }
}
