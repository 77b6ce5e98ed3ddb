package io.onair.app.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external client (ffmpeg, ffprobe, gst-launch) run by a test: stdout and stderr drained on their own threads
 * (so the process never blocks on a full pipe), every wait bounded, and {@link #close()} destroying whatever is
 * still running. {@link #describe()} is what goes into an assertion message when the process misbehaves.
 */
public final class ExternalProcess implements AutoCloseable {
    /** stderr is diagnostics: keep the tail, which is where ffmpeg and GStreamer say why they stopped. */
    private static final int STDERR_TAIL = 16 * 1024;
    /** stdout carries ffprobe's JSON, a few MB at most for the short streams the tests probe. */
    private static final int STDOUT_LIMIT = 64 * 1024 * 1024;
    private static final Duration DESTROY_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final TailBuffer stderr = new TailBuffer(STDERR_TAIL);
    private final Thread stdoutDrainer;
    private final Thread stderrDrainer;
    private final long startedNanos = System.nanoTime();

    private ExternalProcess(String name, List<String> command, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutDrainer = Thread.ofVirtual().name(name + "-stdout").start(() -> drain(process.getInputStream(), true));
        this.stderrDrainer = Thread.ofVirtual().name(name + "-stderr").start(() -> drain(process.getErrorStream(), false));
    }

    public static ExternalProcess start(String name, List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new ExternalProcess(name, command, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Waits at most {@code timeout} for the process to end; true when it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            // The pipes close when the process ends: the drainers finish at once.
            stdoutDrainer.join(DESTROY_GRACE);
            stderrDrainer.join(DESTROY_GRACE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
    }

    /** The exit code, failing the test (with the process's output) when it is still running after {@code timeout}. */
    public int exitCode(Duration timeout) {
        if (!awaitExit(timeout)) {
            throw new AssertionError(name + " still running after " + timeout + "\n" + describe());
        }
        return process.exitValue();
    }

    /** Waits for a zero exit, failing with the output otherwise. */
    public void assertSucceeds(Duration timeout) {
        int code = exitCode(timeout);
        if (code != 0) {
            throw new AssertionError(name + " exited with " + code + "\n" + describe());
        }
    }

    /** SIGKILL, as when the machine or the network goes away: the process gets no chance to say goodbye. */
    public void kill() {
        process.destroyForcibly();
        if (!awaitExit(DESTROY_GRACE)) {
            throw new AssertionError(name + " survived SIGKILL for " + DESTROY_GRACE + "\n" + describe());
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    public String stderr() {
        return stderr.text();
    }

    /** Command, state and stderr tail: for assertion messages. */
    public String describe() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "--- " + name + " (" + state + " after " + elapsed().toMillis() + " ms): " + String.join(" ", command)
                + "\n--- stderr (tail):\n" + stderr() + "\n---";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(DESTROY_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(DESTROY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            stdoutDrainer.join(DESTROY_GRACE);
            stderrDrainer.join(DESTROY_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(InputStream in, boolean isStdout) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (isStdout) {
                    synchronized (stdout) {
                        if (stdout.size() + n <= STDOUT_LIMIT) {
                            stdout.write(buf, 0, n);
                        }
                    }
                } else {
                    stderr.append(buf, n);
                }
            }
        } catch (IOException e) {
            // The process was destroyed: what was read so far is what there is.
        }
    }

    /** The last {@code capacity} bytes written, as text. */
    private static final class TailBuffer {
        private final int capacity;
        private byte[] data = new byte[0];

        TailBuffer(int capacity) {
            this.capacity = capacity;
        }

        synchronized void append(byte[] buf, int n) {
            int keep = Math.min(capacity, data.length + n);
            byte[] next = new byte[keep];
            int fromOld = keep - Math.min(n, keep);
            System.arraycopy(data, data.length - fromOld, next, 0, fromOld);
            System.arraycopy(buf, n - (keep - fromOld), next, fromOld, keep - fromOld);
            data = next;
        }

        synchronized String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }
}
