package io.onair.stream;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live publications, one per channel (mediamtx {@code core/path_manager.go}): a single writer (every change
 * holds this object's lock, and listeners are told under it, so they see starts and ends in order), readers see
 * immutable snapshots through a volatile reference and never lock.
 */
public final class StreamRegistry {
    private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);

    private final InstantSource clock;
    private final StreamSettings settings;
    private final List<StreamListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix;
    private volatile Map<String, Publication> live = Map.of();

    public StreamRegistry(InstantSource clock, StreamSettings settings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Ids stay unique across restarts without coordination: the start time in base 36, then a counter.
        this.idPrefix = Long.toString(clock.millis() / 1000, 36);
    }

    /**
     * Starts a publication of the channel. If one is live it is ended ({@link EndReason#TAKEN_OVER}) and its kick
     * callback is called: an OBS reconnect must take over its stale session at once (nginx-rtmp #1152 answered
     * "already publishing" for seconds, SRS #2472 "stream is busy").
     *
     * @param kick closes this publication's connection with a reason text; called when it is taken over or kicked
     */
    public synchronized Publication startPublishing(String channel, Consumer<String> kick) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kick, "kick");
        Publication previous = live.get(channel);
        if (previous != null) {
            log.info("{}: new publish takes over publication {}", channel, previous.id());
            previous.end(EndReason.TAKEN_OVER, "taken over by a new publish of the same stream");
        }
        Publication publication = new Publication(channel, idPrefix + "-" + ids.incrementAndGet(), clock, settings,
                kick, this::ended);
        Map<String, Publication> next = new LinkedHashMap<>(live);
        next.put(channel, publication);
        live = Map.copyOf(next);
        log.info("{}: publication {} started", channel, publication.id());
        for (StreamListener listener : listeners) {
            listener.onStart(publication);
        }
        return publication;
    }

    /** Called by a publication once, when it ends. */
    private synchronized void ended(Publication publication, EndReason reason) {
        if (live.get(publication.channel()) == publication) {
            Map<String, Publication> next = new LinkedHashMap<>(live);
            next.remove(publication.channel());
            live = Map.copyOf(next);
        }
        for (StreamListener listener : listeners) {
            listener.onEnd(publication, reason);
        }
    }

    public Optional<Publication> current(String channel) {
        return Optional.ofNullable(live.get(channel));
    }

    /** The live publications, a snapshot. */
    public List<Publication> live() {
        return List.copyOf(live.values());
    }

    /** Ends every live publication as {@link EndReason#KICKED}, for shutdown. */
    public synchronized void endAll(String description) {
        for (Publication publication : live.values()) {
            publication.kick(description);
        }
    }

    /**
     * Adds a listener; it is told about publications started from now on (use {@link #live()} for those already
     * live).
     */
    public void addListener(StreamListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(StreamListener listener) {
        listeners.remove(listener);
    }
}
