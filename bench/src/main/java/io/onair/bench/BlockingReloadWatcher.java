package io.onair.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Onair's listing times through blocking playlist reload: after each answer, the next request asks for the segment
 * after the last one listed ({@code _HLS_msn=last+1}), and the server holds it until that segment is in the
 * playlist. The arrival of the answer is then the listing time plus one response's trip through the server's HTTP
 * stack (an upper bound, like a poll's, but without the poll period). The request's send time is the lower bound.
 */
final class BlockingReloadWatcher implements ListingWatcher {
    private final String label;
    private final URI entry;
    private final long deadlineNanos;
    private final Map<Long, PlaylistPoller.Listing> listings = new ConcurrentSkipListMap<>();
    private volatile int emptyWakeUps;

    BlockingReloadWatcher(String label, URI entry, long deadlineNanos) {
        this.label = label;
        this.entry = entry;
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
            URI playlist = media.get();
            String separator = playlist.getQuery() == null ? "?" : "&";
            long next = -1;
            boolean first = true;
            while (System.nanoTime() < deadlineNanos) {
                long sent = System.nanoTime();
                URI uri = next < 0 ? playlist : URI.create(playlist + separator + "_HLS_msn=" + next);
                Optional<String> text = http.text(uri);
                long arrived = System.nanoTime();
                if (text.isEmpty()) {
                    Thread.sleep(20); // not live yet, or a 503 after three target durations: ask again
                    next = -1;
                    continue;
                }
                MediaPlaylist parsed = MediaPlaylist.parse(text.get());
                if (parsed.ended()) {
                    return;
                }
                boolean added = false;
                for (MediaPlaylist.Segment s : parsed.segments()) {
                    added |= listings.putIfAbsent(s.sequence(),
                            new PlaylistPoller.Listing(s.sequence(), s.duration(), s.uri(), arrived, sent, first))
                            == null;
                }
                if (!added && !first) {
                    emptyWakeUps++;
                }
                first = false;
                if (!parsed.segments().isEmpty()) {
                    next = parsed.segments().getLast().sequence() + 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public List<PlaylistPoller.Listing> listings() {
        return List.copyOf(listings.values());
    }

    @Override
    public int emptyWakeUps() {
        return emptyWakeUps;
    }
}
