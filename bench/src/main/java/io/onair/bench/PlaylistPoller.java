package io.onair.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds one server's media playlist (following a master playlist; a media playlist URL is taken as it is), then
 * fetches it every {@code periodNanos} (one keep-alive connection) and records, for each segment and each LL-HLS
 * part, when the first response listing it arrived. Stops by itself at its deadline.
 */
final class PlaylistPoller implements Runnable {
    /**
     * A segment's first listing: its duration, URI, the arrival time of the first response that listed it (the
     * listing happened before) and the send time of the poll before, which did not list it (it happened after).
     */
    record Listing(long sequence, double duration, String uri, long listedAtNanos, long notYetAtNanos,
            boolean inFirstFetch) {
    }

    /** An LL-HLS part's first listing; {@code key} is "msn.k" (its file name without extension), as in every rendition. */
    record PartListing(String key, long listedAtNanos, long notYetAtNanos, boolean inFirstFetch) {
    }

    private final String label;
    private final URI entry;
    private volatile URI playlist;
    private final long periodNanos;
    private final long deadlineNanos;
    private final Map<Long, Listing> listings = new ConcurrentSkipListMap<>();
    private final Map<String, PartListing> parts = new ConcurrentSkipListMap<>();
    private final List<Double> roundTripsMs = new ArrayList<>();
    private volatile long firstSuccessNanos = -1;
    private volatile int polls;
    private volatile int failures;

    PlaylistPoller(String label, URI entry, long periodNanos, long deadlineNanos) {
        this.label = label;
        this.entry = entry;
        this.playlist = entry;
        this.periodNanos = periodNanos;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        Http http = new Http();
        try {
            Optional<URI> media = http.mediaPlaylist(entry, deadlineNanos);
            if (media.isEmpty()) {
                return;
            }
            playlist = media.get();
            long next = System.nanoTime();
            long previousSent = next;
            while (next < deadlineNanos) {
                long sent = System.nanoTime();
                Optional<String> text = http.text(playlist);
                long arrived = System.nanoTime();
                polls++;
                if (text.isEmpty()) {
                    failures++;
                } else {
                    synchronized (roundTripsMs) {
                        roundTripsMs.add((arrived - sent) / 1e6);
                    }
                    boolean first = firstSuccessNanos < 0;
                    if (first) {
                        firstSuccessNanos = arrived;
                    }
                    for (MediaPlaylist.Segment s : MediaPlaylist.parse(text.get()).segments()) {
                        listings.putIfAbsent(s.sequence(),
                                new Listing(s.sequence(), s.duration(), s.uri(), arrived, previousSent, first));
                    }
                    recordParts(text.get(), arrived, previousSent, first);
                }
                previousSent = sent;
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime(); // a slow answer: poll again at once, never in a burst
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
        }
    }

    private void recordParts(String text, long arrived, long previousSent, boolean first) {
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int u = line.startsWith("#EXT-X-PART:") ? line.indexOf("URI=\"") : -1;
            if (u >= 0) {
                String uri = line.substring(u + 5, line.indexOf('"', u + 5));
                String key = uri.substring(uri.lastIndexOf('/') + 1);
                int dot = key.lastIndexOf('.');
                key = dot > 0 ? key.substring(0, dot) : key;
                parts.putIfAbsent(key, new PartListing(key, arrived, previousSent, first));
            }
        }
    }

    String label() {
        return label;
    }

    URI playlist() {
        return playlist;
    }

    List<Listing> listings() {
        return List.copyOf(listings.values());
    }

    Map<String, PartListing> parts() {
        return Map.copyOf(parts);
    }

    long firstSuccessNanos() {
        return firstSuccessNanos;
    }

    int polls() {
        return polls;
    }

    int failures() {
        return failures;
    }

    List<Double> roundTripsMs() {
        synchronized (roundTripsMs) {
            return List.copyOf(roundTripsMs);
        }
    }
}
