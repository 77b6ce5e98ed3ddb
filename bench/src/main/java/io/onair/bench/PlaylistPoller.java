package io.onair.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds one server's media playlist (following a master playlist), then fetches it every {@code periodNanos} (one
 * keep-alive connection) and records, for each segment, when the first response listing it arrived. Stops by
 * itself at its deadline.
 */
final class PlaylistPoller implements Runnable {
    /**
     * A segment's first listing: its duration, URI, the arrival time of the first response that listed it (the
     * listing happened before) and the send time of the poll before, which did not list it (it happened after).
     */
    record Listing(long sequence, double duration, String uri, long listedAtNanos, long notYetAtNanos,
            boolean inFirstFetch) {
    }

    private final String label;
    private final URI entry;
    private volatile URI playlist;
    private final long periodNanos;
    private final long deadlineNanos;
    private final Map<Long, Listing> listings = new ConcurrentSkipListMap<>();
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

    String label() {
        return label;
    }

    URI playlist() {
        return playlist;
    }

    List<Listing> listings() {
        return List.copyOf(listings.values());
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
