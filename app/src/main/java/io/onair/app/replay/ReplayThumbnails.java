package io.onair.app.replay;

import io.onair.app.storage.BlobStore;
import io.onair.hls.VodRendition;
import io.onair.hls.VodSegment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seek bar's thumbnail strip of a replay: one JPEG sprite of up to {@value #MAX} tiles ({@value #COLUMNS} per
 * row, {@value #WIDTH}x{@value #HEIGHT}), one every {@code max(2 s, duration / 100)}, made once when the broadcast
 * ends. ffmpeg reads the smallest video rendition's init and segments from stdin and decodes <em>keyframes only</em>
 * ({@code -skip_frame nokey}): segments start with one every ~2 s, so a 2-hour replay costs ~3,600 decoded frames,
 * not 216,000. One job at a time on its own thread: live transcoding keeps the CPU.
 */
public class ReplayThumbnails implements AutoCloseable {
    static final int COLUMNS = 10;
    static final int MAX = 100;
    static final int WIDTH = 160;
    static final int HEIGHT = 90;
    private static final Logger log = LoggerFactory.getLogger(ReplayThumbnails.class);
    /** A job taking longer is stuck (keyframe-only decoding of a 360p rendition runs at hundreds of times real time). */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final ReplayRepository replays;
    private final ReplayService service;
    private final BlobStore store;
    private final Optional<Path> ffmpeg;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("replay-thumbnails").daemon().factory());

    public ReplayThumbnails(ReplayRepository replays, ReplayService service, BlobStore store, Optional<Path> ffmpeg) {
        this.replays = replays;
        this.service = service;
        this.store = store;
        this.ffmpeg = ffmpeg;
    }

    /**
     * Makes the strip of broadcast {@code id} later, on the worker. Not once the server is stopping (a broadcast
     * ended by the shutdown itself): the next start makes it ({@link ReplayWiring.AfterBroadcast#catchUp}).
     */
    public void submit(long id) {
        if (ffmpeg.isEmpty()) {
            return;
        }
        try {
            worker.submit(() -> {
                try {
                    make(id);
                } catch (IOException | RuntimeException e) {
                    if (replays.find(id).filter(b -> !b.deleted()).isEmpty()) {
                        return; // deleted while the strip was being made (its owner, its account): nothing to warn of
                    }
                    log.warn("replays: no thumbnails for broadcast {}: {}", id, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RejectedExecutionException e) {
            log.info("replays: thumbnails of broadcast {} at the next start (the server is stopping)", id);
        }
    }

    /** Makes the strip now; false when the replay has no video. */
    public boolean make(long id) throws IOException, InterruptedException {
        Broadcast b = replays.find(id).orElseThrow(() -> new IllegalArgumentException("no broadcast " + id));
        if (b.deleted()) {
            return false;
        }
        Optional<VodRendition> smallest = service.view(b).renditions().stream()
                .filter(r -> !r.track().audio() && !r.segments().isEmpty())
                .min(Comparator.comparingInt((VodRendition r) -> r.track().height()));
        if (smallest.isEmpty() || ffmpeg.isEmpty()) {
            return false;
        }
        VodRendition r = smallest.get();
        double seconds = r.segments().stream().mapToLong(VodSegment::durationTicks).sum() / 90_000.0;
        long intervalS = Math.max(2, (long) Math.ceil(seconds / MAX));
        int count = (int) Math.min(MAX, Math.max(1, Math.ceil(seconds / intervalS)));
        int rows = (count + COLUMNS - 1) / COLUMNS;
        List<String> cmd = List.of(ffmpeg.get().toString(), "-hide_banner", "-loglevel", "error", "-nostdin",
                "-skip_frame", "nokey", "-i", "pipe:0", "-an",
                // eof_action=pass: a replay with one keyframe in its first interval and none after (a publish of
                // a second or two) gave the fps filter no frame to emit at all, so no strip; that frame is passed.
                "-vf", "fps=1/" + intervalS + ":eof_action=pass,scale=" + WIDTH + ":" + HEIGHT
                        + ":force_original_aspect_ratio=decrease,pad=" + WIDTH + ":" + HEIGHT
                        + ":(ow-iw)/2:(oh-ih)/2,tile=" + COLUMNS + "x" + rows,
                "-frames:v", "1", "-q:v", "5", "-f", "image2", "-c:v", "mjpeg", "pipe:1");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(jpeg);
            } catch (IOException ignored) {
                // ffmpeg exited: the exit code tells
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            for (String key : ReplayKeys.inPlaybackOrder(id, r)) {
                in.write(store.read(key));
            }
        } catch (IOException e) {
            // ffmpeg may stop reading once its one output frame is written: what it wrote decides
        }
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffmpeg took longer than " + TIMEOUT);
        }
        reader.join();
        if (p.exitValue() != 0 || jpeg.size() == 0) {
            throw new IOException("ffmpeg exited with " + p.exitValue());
        }
        store.put(ReplayKeys.thumbnails(id), jpeg.toByteArray(), "image/jpeg");
        replays.setThumbnails(id, count, Duration.ofSeconds(intervalS));
        service.forget(id);
        log.info("replays: thumbnail strip of broadcast {}: {} tiles, one every {} s", id, count, intervalS);
        return true;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

}
