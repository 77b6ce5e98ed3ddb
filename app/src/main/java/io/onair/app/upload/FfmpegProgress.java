package io.onair.app.upload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;

/**
 * Runs the upload's ffmpeg to its end: progress from {@code -progress pipe:1} ({@code out_time_us} over the file's
 * duration), the last lines of stderr kept for the error a failed job shows, the process handed to the job's
 * {@link JobControl} so a cancel or a shutdown kills it.
 */
final class FfmpegProgress {
    /** stderr lines kept for the job's error (ffmpeg's last words are the reason). */
    private static final int KEPT_LINES = 5;

    private FfmpegProgress() {
    }

    /**
     * @throws IOException           ffmpeg failed (its last error lines in the message)
     * @throws CancellationException the job was halted (ffmpeg was killed for it)
     */
    static void run(List<String> command, Duration duration, DoubleConsumer progress, JobControl control)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        control.process(p);
        p.getOutputStream().close();
        Deque<String> errors = new ArrayDeque<>();
        Thread stderr = Thread.ofVirtual().name("upload-ffmpeg-stderr-" + control.job()).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (errors) {
                        errors.addLast(line.strip());
                        while (errors.size() > KEPT_LINES) {
                            errors.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // killed: the exit code tells
            }
        });
        long total = Math.max(1, duration.toNanos() / 1000);
        try (InputStream in = p.getInputStream();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("out_time_us=")) {
                    try {
                        long us = Long.parseLong(line.substring("out_time_us=".length()).strip());
                        progress.accept(Math.max(0, Math.min(1, (double) us / total)));
                    } catch (NumberFormatException e) {
                        // N/A before the first frame
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closed under a killed process: decided below
        } finally {
            int exit = p.waitFor();
            stderr.join();
            if (control.halted()) {
                throw new CancellationException("ffmpeg stopped: the job was halted");
            }
            if (exit != 0) {
                String last;
                synchronized (errors) {
                    last = String.join("; ", errors);
                }
                throw new IOException("ffmpeg failed (exit code " + exit + ")" + (last.isBlank() ? "" : ": " + last));
            }
        }
    }
}
