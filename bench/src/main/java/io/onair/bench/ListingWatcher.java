package io.onair.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Learns of each new segment of one server's media playlist the moment it is listed, without a poll period: for
 * Onair through blocking playlist reload (RFC 8216bis §6.2.5.2: the answer to {@code _HLS_msn=N} leaves the server
 * when segment N is listed), for nginx-rtmp through inotify on the directory it renames its playlist into. Runs on
 * its own thread until its deadline.
 */
abstract class ListingWatcher implements Runnable {
    private final String label;
    protected final long deadlineNanos;
    private final Map<Long, PlaylistPoller.Listing> listings = new ConcurrentSkipListMap<>();
    private volatile int emptyWakeUps;

    ListingWatcher(String label, long deadlineNanos) {
        this.label = label;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Records the segments of {@code playlist} not seen before as listed at {@code at} (after {@code notBefore});
     * an answer or event that brought none after the first is counted as an empty wake-up.
     */
    protected final void seen(MediaPlaylist playlist, long at, long notBefore, boolean first) {
        boolean added = false;
        for (MediaPlaylist.Segment s : playlist.segments()) {
            added |= listings.putIfAbsent(s.sequence(),
                    new PlaylistPoller.Listing(s.sequence(), s.duration(), s.uri(), at, notBefore, first)) == null;
        }
        if (!added && !first) {
            emptyWakeUps++;
        }
    }

    final String label() {
        return label;
    }

    /** Every segment in listing order; {@code listedAtNanos} is when the watcher learnt of it. */
    final List<PlaylistPoller.Listing> listings() {
        return List.copyOf(listings.values());
    }

    /** Answers or file events that listed nothing new (spurious wake-ups): a sanity figure for the report. */
    final int emptyWakeUps() {
        return emptyWakeUps;
    }
}
