package io.onair.bench;

import java.net.URI;
import java.util.Optional;

/**
 * Onair's listing times through blocking playlist reload: after each answer, the next request asks for the segment
 * after the last one listed ({@code _HLS_msn=last+1}), and the server holds it until that segment is in the
 * playlist. The arrival of the answer is then the listing time plus one response's trip through the server's HTTP
 * stack (an upper bound, like a poll's, but without the poll period). The request's send time is the lower bound.
 * The held requests go over {@link BlockingHttp}, read on this thread, so the arrival is timed when the bytes are
 * read, not after an HTTP client's own thread hand-offs.
 */
final class BlockingReloadWatcher extends ListingWatcher {
    private final URI entry;

    BlockingReloadWatcher(String label, URI entry, long deadlineNanos) {
        super(label, deadlineNanos);
        this.entry = entry;
    }

    @Override
    public void run() {
        Http http = new Http();
        BlockingHttp held = new BlockingHttp();
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
                Optional<String> text = held.text(uri);
                long arrived = System.nanoTime();
                if (text.isEmpty()) {
                    Thread.sleep(20); // not live yet, or a 503 after three target durations: ask again
                    next = -1;
                    continue;
                }
                MediaPlaylist parsed = MediaPlaylist.parse(text.get());
                if (parsed.ended() && first) {
                    Thread.sleep(20); // a previous broadcast's playlist (a warm-up run): wait for the new one
                    continue;
                }
                if (parsed.ended()) {
                    return;
                }
                seen(parsed, arrived, sent, first);
                first = false;
                if (!parsed.segments().isEmpty()) {
                    next = parsed.segments().getLast().sequence() + 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.close();
            http.close();
        }
    }
}
