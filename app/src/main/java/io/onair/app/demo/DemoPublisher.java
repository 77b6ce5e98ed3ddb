package io.onair.app.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a synthetic stream into a channel, exactly as OBS would (RTMP to our own port): a test pattern with a
 * clock and a 440 Hz tone, so a newcomer sees a live channel without OBS. Supervised: when ffmpeg exits it is
 * restarted with back-off, which also exercises the reconnect path of the ingest.
 */
public final class DemoPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoPublisher.class);
    /** DejaVu is what Debian's fontconfig resolves "Sans" to; without a font drawtext fails, so we check first. */
    private static final Path FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    /** Back-off after a failure: 1 s doubling to 30 s, so a missing server does not spin ffmpeg. */
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A run shorter than this counts as a failure for back-off purposes. */
    private static final Duration HEALTHY_RUN = Duration.ofSeconds(10);
    /** ffmpeg stderr lines logged per run before the rest are only counted: no log spam from a looping error. */
    private static final int MAX_LOGGED_LINES = 20;

    private final Path ffmpeg;
    private final String rtmpUrl;
    private final String size;
    private final int fps;
    private final int videoKbps;
    private volatile boolean running;
    private volatile Process process;
    private Thread supervisor;

    public DemoPublisher(Path ffmpeg, String rtmpUrl, String size, int fps, int videoKbps) {
        this.ffmpeg = ffmpeg;
        this.rtmpUrl = rtmpUrl;
        this.size = size;
        this.fps = fps;
        this.videoKbps = videoKbps;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        supervisor = Thread.ofVirtual().name("demo-publisher").start(this::supervise);
    }

    List<String> command() {
        List<String> c = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + fps,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        if (Files.isReadable(FONT)) {
            // The wall clock on the picture lets a viewer see the glass-to-glass delay at a glance.
            c.addAll(List.of("-vf", "drawtext=fontfile=" + FONT + ":text='%{localtime\\:%H\\\\\\:%M\\\\\\:%S}':"
                    + "fontsize=h/8:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=12:x=(w-tw)/2:y=(h-th)/2"));
        }
        int gop = fps * 2;
        c.addAll(List.of(
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-b:v", videoKbps + "k", "-maxrate", videoKbps + "k", "-bufsize", (videoKbps * 2) + "k",
                // A keyframe every 2 s and no scene-cut keyframes: segments of exactly the target duration.
                "-g", String.valueOf(gop), "-keyint_min", String.valueOf(gop), "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
                "-f", "flv", rtmpUrl));
        return c;
    }

    private void supervise() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            long started = System.nanoTime();
            int exit = runOnce();
            if (!running) {
                return;
            }
            Duration ran = Duration.ofNanos(System.nanoTime() - started);
            backoff = ran.compareTo(HEALTHY_RUN) >= 0 ? MIN_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
            log.warn("demo publisher: ffmpeg exited with {} after {} s; restarting in {} s", exit, ran.toSeconds(),
                    backoff.toSeconds());
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int runOnce() {
        try {
            ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            process = p;
            log.info("demo publisher: ffmpeg {} publishing {}x{} test pattern (pid {})", ffmpeg, size, fps, p.pid());
            int lines = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (++lines <= MAX_LOGGED_LINES) {
                        log.info("demo ffmpeg: {}", line);
                    }
                }
            }
            int exit = p.waitFor();
            if (lines > MAX_LOGGED_LINES) {
                log.info("demo ffmpeg: {} more lines not logged", lines - MAX_LOGGED_LINES);
            }
            return exit;
        } catch (IOException e) {
            if (!running) {
                return -1; // close() destroyed ffmpeg while its output was being read: a normal shutdown
            }
            log.error("demo publisher: cannot run {}: {}", ffmpeg, e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
