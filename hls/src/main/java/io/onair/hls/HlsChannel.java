package io.onair.hls;

import io.onair.stream.EndReason;
import io.onair.stream.FrameReader;
import io.onair.stream.Publication;
import io.onair.stream.StreamEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's HLS output, across its publications: a packager consumes each publication's {@link FrameReader} on a
 * virtual thread of its own (the publisher only enqueues), cuts segments, and publishes an immutable
 * {@link ChannelSnapshot}. Readers (the HTTP layer) only read the snapshot.
 *
 * <p>Publications of a channel are packaged one after the other: the packager of a publication that took over
 * waits for the previous one to drain (its end is already queued), so segments keep their order and sequence numbers
 * continue, and the first segment of the new publication is a discontinuity.
 *
 * <p>End of a publication: {@code EXT-X-ENDLIST} at once on a clean unpublish or a kick; after an abrupt disconnect
 * the playlist stays open for {@link HlsSettings#endGrace()} (a reconnect within it continues the playlist), then
 * ends. The grace is checked on the injected clock, both by the origin's sweep and on every read, so it never
 * depends on a timer's precision.
 */
public final class HlsChannel {
    /** The rendition of the published stream as is; an ABR ladder adds more. */
    public static final String SOURCE = "source";

    private static final Logger log = LoggerFactory.getLogger(HlsChannel.class);

    private final String name;
    private final HlsSettings settings;
    private final InstantSource clock;
    private final LiveWindow window;
    private final HlsSegmenter segmenter;
    private final Object lock = new Object();
    private volatile ChannelSnapshot snapshot = ChannelSnapshot.EMPTY;

    // guarded by lock
    private Optional<Publication> attached = Optional.empty();
    private Optional<Thread> packager = Optional.empty();
    private Optional<Instant> graceUntil = Optional.empty();
    private Optional<Instant> endedAt = Optional.empty();
    private Optional<Instant> lastLiveAt = Optional.empty();
    private long frameErrors;

    HlsChannel(String name, HlsSettings settings, InstantSource clock, SegmentFormat format) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        // Sequence numbers start at the current Unix time in seconds: segments are at least a second long, so a
        // channel forgotten (or a server restarted) and published again starts above any number it used before,
        // and URIs a CDN cached as immutable are never reused for other bytes.
        this.window = new LiveWindow(name, format.extension(), settings, clock.instant().getEpochSecond());
        this.segmenter = new HlsSegmenter(name, format, settings.targetDuration(), settings.maxSegmentBytes(),
                this::segmentDone);
    }

    public String name() {
        return name;
    }

    /** The master playlist; empty until the first segment exists. */
    public Optional<String> masterPlaylist() {
        return current().master();
    }

    /** The media playlist of {@code rendition} ({@link #SOURCE}); empty until its first segment exists. */
    public Optional<String> mediaPlaylist(String rendition) {
        return SOURCE.equals(rendition) ? current().media() : Optional.empty();
    }

    /** A listed segment, or one that left the playlist recently (RFC 8216 §6.2.2). */
    public Optional<HlsSegment> segment(String rendition, long sequence) {
        return SOURCE.equals(rendition) ? Optional.ofNullable(current().segments().get(sequence)) : Optional.empty();
    }

    /** True while a publication is being packaged. */
    public boolean live() {
        return snapshot.live();
    }

    /** When the channel was last live: now while it is, else when its last publication ended. */
    public Optional<Instant> lastLiveAt() {
        ChannelSnapshot s = snapshot;
        return s.live() ? Optional.of(clock.instant()) : s.lastLiveAt();
    }

    private ChannelSnapshot current() {
        ChannelSnapshot s = snapshot;
        if (s.graceUntil().isPresent() && !clock.instant().isBefore(s.graceUntil().get())) {
            sweep(clock.instant());
            return snapshot;
        }
        return s;
    }

    // ---- packaging ----

    /** Starts packaging {@code publication}; called by the origin on the registry's thread, returns at once. */
    void attach(Publication publication) {
        synchronized (lock) {
            if (attached.isPresent() && attached.get() == publication) {
                return; // registered while the registry already told us (origin construction race)
            }
            FrameReader reader = publication.subscribe("hls " + name, settings.readerCapacity());
            Optional<Thread> previous = packager;
            attached = Optional.of(publication);
            graceUntil = Optional.empty();
            endedAt = Optional.empty();
            lastLiveAt = Optional.of(clock.instant());
            packager = Optional.of(Thread.ofVirtual().name("hls-" + name + "-" + publication.id())
                    .start(() -> run(publication, reader, previous)));
            publish();
        }
    }

    private void run(Publication publication, FrameReader reader, Optional<Thread> previous) {
        try (reader) {
            if (previous.isPresent()) {
                previous.get().join();
            }
            segmenter.startPublication();
            while (true) {
                switch (reader.take()) {
                    case StreamEvent.Frame f -> frame(f);
                    case StreamEvent.Discontinuity d -> segmenter.discontinuity();
                    case StreamEvent.End end -> {
                        segmenter.endPublication();
                        ended(publication, end.reason());
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void frame(StreamEvent.Frame f) {
        try {
            segmenter.frame(f.frame(), f.arrival());
        } catch (RuntimeException e) {
            // One bad frame in a healthy stream is counted and skipped, never the end of the packager.
            long n;
            synchronized (lock) {
                n = ++frameErrors;
            }
            if (n <= 10 || n % 1000 == 0) {
                log.warn("{}: frame {} skipped ({} so far): {}", name, f.frame(), n, e.toString());
            }
        }
    }

    private void segmentDone(FinishedSegment finished) {
        synchronized (lock) {
            HlsSegment segment = window.append(finished, clock.instant());
            window.purge(clock.instant());
            log.debug("{}: {}", name, segment);
            publish();
        }
    }

    private void ended(Publication publication, EndReason reason) {
        synchronized (lock) {
            if (attached.isEmpty() || attached.get() != publication) {
                return; // a newer publication already took over and continues the playlist
            }
            Instant now = clock.instant();
            attached = Optional.empty();
            lastLiveAt = Optional.of(now);
            if (reason.deliberate() || settings.endGrace().isZero()) {
                endPlaylist(now);
            } else {
                graceUntil = Optional.of(now.plus(settings.endGrace()));
                log.info("{}: publication ended ({}); playlist stays open until {} for a reconnect", name, reason,
                        graceUntil.get());
            }
            publish();
        }
    }

    private void endPlaylist(Instant now) {
        window.end();
        endedAt = Optional.of(now);
        graceUntil = Optional.empty();
        log.info("{}: playlist ended (EXT-X-ENDLIST)", name);
    }

    /**
     * Ends the playlist when the grace is over and frees segments past their retention.
     *
     * @return true when the channel is over and may be forgotten: ended longer than
     *         {@link HlsSettings#endedRetention()} ago and not live
     */
    boolean sweep(Instant now) {
        synchronized (lock) {
            boolean changed = window.purge(now);
            if (attached.isEmpty() && graceUntil.isPresent() && !now.isBefore(graceUntil.get())) {
                endPlaylist(now);
                changed = true;
            }
            if (changed) {
                publish();
            }
            return attached.isEmpty() && endedAt.isPresent()
                    && !now.isBefore(endedAt.get().plus(settings.endedRetention()));
        }
    }

    /** Stops the packager thread, for shutdown. */
    void close() {
        synchronized (lock) {
            packager.ifPresent(Thread::interrupt);
        }
    }

    /** Waits for the packager to finish its publication (it ends when the publication's end was processed). */
    void awaitPackager() throws InterruptedException {
        Optional<Thread> t;
        synchronized (lock) {
            t = packager;
        }
        if (t.isPresent()) {
            t.get().join();
        }
    }

    private void publish() {
        Optional<MediaPlaylist> media = window.playlist();
        Optional<String> master = window.variant(SOURCE + "/index.m3u8")
                .map(v -> new MasterPlaylist(List.of(v)).render());
        snapshot = new ChannelSnapshot(master, media.map(MediaPlaylist::render), window.fetchable(),
                attached.isPresent(), lastLiveAt, graceUntil);
    }
}
