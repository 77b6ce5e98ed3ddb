package io.onair.app.e2e.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A player's view of a channel, recorded: reloads the master and media playlists every 150 ms
 * (faster than any real player, to catch short-lived states) and fetches every newly listed segment at once, the
 * way a player at the live edge does. The tests then assert on the record: every reload's status and playlist,
 * every segment fetch's status and bytes.
 */
public final class PlaylistWatcher implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(150);

    public record Reload(long atMillis, int status, Optional<MediaPlaylist> playlist) {
    }

    public record MasterReload(long atMillis, int status, Optional<MasterPlaylist> playlist) {
    }

    /** @param init the fMP4 init segment ({@code EXT-X-MAP}) the segment needs, empty for MPEG-TS */
    public record SegmentFetch(long sequence, URI uri, int status, byte[] body, Optional<byte[]> init) {
        /** What a decoder is given: init segment (if any) then the segment. */
        public byte[] decodable() {
            if (init.isEmpty()) {
                return body;
            }
            byte[] all = java.util.Arrays.copyOf(init.get(), init.get().length + body.length);
            System.arraycopy(body, 0, all, init.get().length, body.length);
            return all;
        }
    }

    private final HlsClient hls;
    private final String channel;
    private final long startNanos = System.nanoTime();
    private final List<Reload> reloads = new CopyOnWriteArrayList<>();
    private final List<MasterReload> masters = new CopyOnWriteArrayList<>();
    private final List<SegmentFetch> fetches = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final java.util.Map<URI, byte[]> inits = new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile URI mediaUri;

    private PlaylistWatcher(HlsClient hls, String channel, Duration interval) {
        this.hls = hls;
        this.channel = channel;
        this.interval = interval;
        this.thread = Thread.ofVirtual().name("playlist-watcher-" + channel).start(this::run);
    }

    public static PlaylistWatcher start(HlsClient hls, String channel) {
        return new PlaylistWatcher(hls, channel, INTERVAL);
    }

    /** A watcher reloading every {@code interval}: short to catch the very first playlists served. */
    public static PlaylistWatcher start(HlsClient hls, String channel, Duration interval) {
        return new PlaylistWatcher(hls, channel, interval);
    }

    public List<Reload> reloads() {
        return List.copyOf(reloads);
    }

    public List<MasterReload> masters() {
        return List.copyOf(masters);
    }

    public List<SegmentFetch> fetches() {
        return List.copyOf(fetches);
    }

    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    public Optional<URI> mediaUri() {
        return Optional.ofNullable(mediaUri);
    }

    /** The latest media playlist seen, if any. */
    public Optional<MediaPlaylist> latest() {
        for (int i = reloads.size() - 1; i >= 0; i--) {
            if (reloads.get(i).playlist().isPresent()) {
                return reloads.get(i).playlist();
            }
        }
        return Optional.empty();
    }

    /** Reloads from the first successful one on: a live viewer's history, which must contain no error. */
    public List<Reload> reloadsSinceFirstPlaylist() {
        List<Reload> all = reloads();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).status() == 200) {
                return all.subList(i, all.size());
            }
        }
        return List.of();
    }

    /** Master playlist reloads from the first successful one on. */
    public List<MasterReload> mastersSinceFirstPlaylist() {
        List<MasterReload> all = masters();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).status() == 200) {
                return all.subList(i, all.size());
            }
        }
        return List.of();
    }

    /** A summary for assertion messages: the status of every reload and the last playlist. */
    public String describe() {
        StringBuilder b = new StringBuilder("--- playlist watcher of '").append(channel).append("': ")
                .append(reloads.size()).append(" reloads, ").append(fetches.size()).append(" segment fetches, ")
                .append(failures.size()).append(" failures\n");
        List<String> statuses = new ArrayList<>();
        for (Reload r : reloads) {
            statuses.add(r.atMillis() + "ms:" + r.status()
                    + r.playlist().map(p -> "(seq " + p.mediaSequence() + "+" + p.segments().size()
                            + (p.endList() ? ",end" : "") + ")").orElse(""));
        }
        b.append("reloads: ").append(String.join(" ", statuses.subList(Math.max(0, statuses.size() - 80), statuses.size())))
                .append('\n');
        for (SegmentFetch f : fetches) {
            b.append("segment ").append(f.sequence()).append(' ').append(f.uri()).append(" -> ").append(f.status())
                    .append(" (").append(f.body().length).append(" bytes)\n");
        }
        failures.forEach(t -> b.append("failure: ").append(t).append('\n'));
        latest().ifPresent(p -> b.append("last playlist:\n").append(p.text()));
        return b.toString();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastFetched = Long.MIN_VALUE;
        URI master = hls.uri(HlsClient.masterPath(channel));
        while (running) {
            try {
                HttpResponse<byte[]> m = hls.send("GET", master);
                Optional<MasterPlaylist> parsed = m.statusCode() == 200
                        ? Optional.of(MasterPlaylist.parse(HlsClient.utf8(m.body()))) : Optional.empty();
                masters.add(new MasterReload(now(), m.statusCode(), parsed));
                if (mediaUri == null && parsed.isPresent() && !parsed.get().variants().isEmpty()) {
                    MasterPlaylist.Variant v = parsed.get().videoVariant().orElse(parsed.get().variants().getFirst());
                    mediaUri = master.resolve(v.uri());
                }
                if (mediaUri != null) {
                    HttpResponse<byte[]> r = hls.send("GET", mediaUri);
                    Optional<MediaPlaylist> playlist = r.statusCode() == 200
                            ? Optional.of(MediaPlaylist.parse(HlsClient.utf8(r.body()))) : Optional.empty();
                    reloads.add(new Reload(now(), r.statusCode(), playlist));
                    if (playlist.isPresent()) {
                        for (MediaPlaylist.Segment s : playlist.get().segments()) {
                            if (s.sequence() > lastFetched) {
                                URI uri = mediaUri.resolve(s.uri());
                                HttpResponse<byte[]> seg = hls.send("GET", uri);
                                Optional<byte[]> init = s.map().map(mapUri -> inits.computeIfAbsent(mediaUri.resolve(mapUri),
                                        u -> hls.send("GET", u).body()));
                                fetches.add(new SegmentFetch(s.sequence(), uri, seg.statusCode(), seg.body(), init));
                                lastFetched = s.sequence();
                            }
                        }
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
