package io.onair.bench;

import java.util.List;

/**
 * Learns of each new segment of one server's media playlist the moment it is listed, without a poll period: for
 * Onair through blocking playlist reload (RFC 8216bis §6.2.5.2: the answer to {@code _HLS_msn=N} leaves the server
 * when segment N is listed), for nginx-rtmp through inotify on the directory it renames its playlist into. Runs on
 * its own thread until its deadline.
 */
interface ListingWatcher extends Runnable {
    String label();

    /** Every segment in listing order; {@code listedAtNanos} is when the watcher learnt of it. */
    List<PlaylistPoller.Listing> listings();

    /** Answers or file events that listed nothing new (spurious wake-ups): a sanity figure for the report. */
    int emptyWakeUps();
}
