package io.onair.app.replay;

import io.onair.app.storage.BlobStore;
import io.onair.hls.VodMode;
import io.onair.hls.VodPresentation;
import io.onair.hls.VodRendition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MP4 download of a replay: its best video rendition and its audio remuxed (never re-encoded) into one
 * progressive MP4 with the index first ({@code -movflags +faststart}), made the first time someone asks and then
 * kept in storage beside the replay. ffmpeg reads a copy of the replay in the VOD layout from a temporary directory
 * (its HLS demuxer follows init segment changes and discontinuities), so the same code works for disk and S3.
 * One job at a time: remuxing is I/O, not CPU, but a queue of them should not starve live segments' writes.
 */
public class ReplayDownloads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayDownloads.class);
    /** Remuxing runs at disk speed (a 2-hour 6 Mbit/s replay is 5 GB); past this it is stuck. */
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final BlobStore store;
    private final ReplayService replays;
    private final Optional<Path> ffmpeg;
    private final Path work;
    private final Set<Long> preparing = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("replay-downloads").daemon().factory());

    public ReplayDownloads(BlobStore store, ReplayService replays, Optional<Path> ffmpeg, Path work) {
        this.store = store;
        this.replays = replays;
        this.ffmpeg = ffmpeg;
        this.work = work;
    }

    /** Whether the download of an ended replay is in storage; if not, starts making it (once). */
    public boolean ready(Broadcast b) throws IOException {
        if (store.stat(ReplayKeys.download(b.id())).isPresent()) {
            return true;
        }
        if (ffmpeg.isEmpty()) {
            throw new IllegalStateException("no ffmpeg to make downloads with");
        }
        if (preparing.add(b.id())) {
            worker.submit(() -> {
                try {
                    make(b);
                } catch (IOException | RuntimeException e) {
                    log.warn("replays: no MP4 download for broadcast {}: {}", b.id(), e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    preparing.remove(b.id());
                }
            });
        }
        return false;
    }

    void make(Broadcast b) throws IOException, InterruptedException {
        ReplayView view = replays.view(b);
        VodRendition ref = view.reference().orElseThrow(() -> new IOException("nothing recorded"));
        Optional<VodRendition> audio = view.renditions().stream()
                .filter(r -> r.track().audio() && r != ref).findFirst();
        Files.createDirectories(work);
        Path dir = Files.createTempDirectory(work, "download-" + b.id() + "-");
        try {
            List<String> cmd = new ArrayList<>(List.of(ffmpeg.get().toString(), "-hide_banner", "-loglevel", "error",
                    "-nostdin", "-allowed_extensions", "ALL", "-i", copy(b.id(), ref, dir).toString()));
            if (audio.isPresent()) {
                cmd.addAll(List.of("-allowed_extensions", "ALL", "-i", copy(b.id(), audio.get(), dir).toString(),
                        "-map", "0:v", "-map", "1:a"));
            }
            Path out = dir.resolve("download.mp4");
            cmd.addAll(List.of("-c", "copy", "-movflags", "+faststart", "-f", "mp4", out.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ffmpeg took longer than " + TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IOException("ffmpeg exited with " + p.exitValue() + ": "
                        + Files.readString(dir.resolve("ffmpeg.log")).strip());
            }
            store.putFile(ReplayKeys.download(b.id()), out, "video/mp4");
            log.info("replays: MP4 download of broadcast {} made ({} MB)", b.id(), Files.size(out) >> 20);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Writes a rendition's init segments, segments and VOD playlist into {@code dir/{name}/}; the playlist's path. */
    private Path copy(long id, VodRendition r, Path dir) throws IOException {
        Path d = Files.createDirectories(dir.resolve(r.name()));
        for (String key : ReplayKeys.inPlaybackOrder(id, r)) {
            // The VOD layout: the file names the playlist uses (init-{n}.mp4, {n}.m4s).
            Files.write(d.resolve(key.substring(key.lastIndexOf('/') + 1)), store.read(key));
        }
        // Gaps are left out for ffmpeg (it would try to open them): its own rendition as the reference.
        Path playlist = d.resolve("index.m3u8");
        Files.writeString(playlist, VodPresentation.mediaPlaylist(r, r, VodMode.VOD));
        return playlist;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
