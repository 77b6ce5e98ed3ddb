package io.onair.app.restream;

import io.netty.channel.EventLoopGroup;
import io.onair.app.channel.ChannelCatalog;
import io.onair.app.channel.ChannelRecord;
import io.onair.rtmp.client.PushTarget;
import io.onair.stream.EndReason;
import io.onair.stream.Publication;
import io.onair.stream.StreamListener;
import io.onair.stream.StreamRegistry;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the pushes: one {@link RestreamSession} per enabled destination of every live channel, started
 * when the channel goes live (or the owner adds or turns on a destination while it is), stopped when it ends.
 *
 * <p>The registry calls its listeners on the publisher's thread with its lock held, so the database is read on a
 * thread of this class's own: going live never waits for the restream table.
 */
public final class Restreamer implements StreamListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Restreamer.class);

    private final StreamRegistry registry;
    private final ChannelCatalog catalog;
    private final RestreamRepository repository;
    private final EventLoopGroup group;
    private final InstantSource clock;
    private final boolean allowPrivate;
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("restream-start-", 0).factory());
    /** By destination id; guarded by {@code this}. */
    private final Map<Long, RestreamSession> sessions = new HashMap<>();
    private boolean closed;

    public Restreamer(StreamRegistry registry, ChannelCatalog catalog, RestreamRepository repository,
            EventLoopGroup group, InstantSource clock, boolean allowPrivate) {
        this.registry = registry;
        this.allowPrivate = allowPrivate;
        this.catalog = catalog;
        this.repository = repository;
        this.group = group;
        this.clock = clock;
    }

    /** Listens to the registry and starts pushing channels that are live already. */
    public void start() {
        registry.addListener(this);
        for (Publication p : registry.live()) {
            onStart(p);
        }
    }

    @Override
    public void onStart(Publication publication) {
        work.execute(() -> reconcile(publication.channel()));
    }

    @Override
    public void onEnd(Publication publication, EndReason reason) {
        work.execute(() -> reconcile(publication.channel()));
    }

    /** The owner changed the channel's destinations: start, stop or keep the pushes to match. */
    void changed(String channel) {
        work.execute(() -> reconcile(channel));
    }

    /** What a destination is doing; empty when nothing runs for it (the channel is offline, or it is turned off). */
    Optional<RestreamStatus> status(long targetId) {
        synchronized (this) {
            return Optional.ofNullable(sessions.get(targetId)).map(RestreamSession::status);
        }
    }

    private void reconcile(String channel) {
        Optional<Publication> live = registry.current(channel).filter(Publication::live);
        Optional<ChannelRecord> record = catalog.channel(channel);
        List<RestreamRepository.Target> wanted = live.isPresent() && record.isPresent()
                ? repository.byChannel(record.get().id()).stream().filter(RestreamRepository.Target::enabled).toList()
                : List.of();
        synchronized (this) {
            if (closed) {
                return;
            }
            // Stop what is no longer wanted: another publication (a takeover), a destination deleted or turned
            // off, a changed one (replaced below), or the channel offline.
            sessions.values().removeIf(s -> {
                boolean ours = record.isPresent() && s.target().channelId() == record.get().id();
                boolean keep = ours && live.isPresent() && s.publication() == live.get() && wanted.contains(s.target());
                if (ours && !keep) {
                    s.stop();
                }
                return ours && !keep;
            });
            for (RestreamRepository.Target t : wanted) {
                if (sessions.containsKey(t.id())) {
                    continue;
                }
                PushTarget push;
                try {
                    push = PushTarget.parse(t.url(), t.streamKey());
                } catch (IllegalArgumentException e) {
                    log.warn("{}: restream destination {} is unusable: {}", channel, t.name(), e.getMessage());
                    continue;
                }
                RestreamSession s = new RestreamSession(channel, t, push, live.get(), group, clock, allowPrivate);
                sessions.put(t.id(), s);
                s.start();
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        registry.removeListener(this);
        sessions.values().forEach(RestreamSession::stop);
        sessions.clear();
        work.shutdownNow();
    }
}
