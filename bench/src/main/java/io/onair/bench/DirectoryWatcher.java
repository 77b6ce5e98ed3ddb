package io.onair.bench;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * nginx-rtmp's listing times from the file system: it writes the playlist beside itself and renames it into place
 * (ngx_rtmp_hls_module.c, {@code ngx_rtmp_hls_write_playlist}), which inotify reports as a create (Java's
 * WatchService is inotify on Linux). The file is read at once; the time it was read is the listing time plus one
 * read, with no HTTP in between: a lower figure than any HTTP client of nginx could see, so the comparison favours
 * nginx-rtmp.
 */
final class DirectoryWatcher extends ListingWatcher {
    private final Path playlist;

    DirectoryWatcher(String label, Path playlist, long deadlineNanos) {
        super(label, deadlineNanos);
        this.playlist = playlist;
    }

    @Override
    public void run() {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            playlist.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            boolean first = true;
            long previous = System.nanoTime();
            while (System.nanoTime() < deadlineNanos) {
                WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                boolean ours = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    ours |= e.context() instanceof Path p && p.getFileName().equals(playlist.getFileName());
                }
                key.reset();
                if (!ours) {
                    continue;
                }
                String text;
                try {
                    text = Files.readString(playlist);
                } catch (NoSuchFileException e) {
                    continue;
                }
                long read = System.nanoTime();
                seen(MediaPlaylist.parse(text), read, previous, first);
                first = false;
                previous = read;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException | IOException e) {
            System.err.println(label() + ": watching " + playlist + " failed: " + e);
        }
    }
}
