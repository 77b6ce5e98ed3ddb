package io.onair.hls;

import io.onair.stream.Publication;
import io.onair.stream.StreamListener;
import io.onair.stream.StreamRegistry;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS origin: one {@link HlsChannel} per channel that has been live, fed by the {@link StreamRegistry}. A sweep
 * once a second ends playlists whose grace is over and frees segments and channels past their retention; it reads the
 * injected clock, so tests call {@link #sweep()} after moving a fake clock instead of waiting.
 */
public final class HlsOrigin implements StreamListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HlsOrigin.class);

    private final StreamRegistry registry;
    private final HlsSettings settings;
    private final InstantSource clock;
    private final SegmentFormat format;
    private final SegmentArchive archive;
    private final ConcurrentHashMap<String, HlsChannel> channels = new ConcurrentHashMap<>();
    private final Optional<ScheduledExecutorService> sweeper;
    private volatile boolean closed;

    /** fMP4/CMAF segments, swept once a second. Registers itself with the registry and packages live publications. */
    public HlsOrigin(StreamRegistry registry, HlsSettings settings, InstantSource clock) {
        this(registry, settings, clock, new Fmp4SegmentFormat(), true);
    }

    /** Segments in {@code format}, swept once a second. */
    public HlsOrigin(StreamRegistry registry, HlsSettings settings, InstantSource clock, SegmentFormat format) {
        this(registry, settings, clock, format, true);
    }

    /**
     * @param sweep false to leave sweeping to the caller ({@link #sweep()}), for tests on a fake clock
     */
    public HlsOrigin(StreamRegistry registry, HlsSettings settings, InstantSource clock, SegmentFormat format,
            boolean sweep) {
        this(registry, settings, clock, format, sweep, SegmentArchive.NONE);
    }

    /**
     * @param archive where every listed segment goes for recording (replays, live rewind)
     */
    public HlsOrigin(StreamRegistry registry, HlsSettings settings, InstantSource clock, SegmentFormat format,
            boolean sweep, SegmentArchive archive) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.format = Objects.requireNonNull(format, "format");
        if (sweep) {
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("hls-sweep").daemon().factory());
            s.scheduleWithFixedDelay(this::sweepQuietly, 1, 1, TimeUnit.SECONDS);
            this.sweeper = Optional.of(s);
        } else {
            this.sweeper = Optional.empty();
        }
        registry.addListener(this);
        registry.live().forEach(this::onStart);
    }

    public Optional<HlsChannel> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    @Override
    public void onStart(Publication publication) {
        if (closed) {
            return;
        }
        channels.compute(publication.channel(), (name, channel) -> {
            HlsChannel c = channel != null ? channel : new HlsChannel(name, settings, clock, format, archive);
            c.attach(publication);
            return c;
        });
    }

    // ---- transcoded renditions (the transcoder's threads; each call takes the channel's lock briefly) ----

    /**
     * A transcoded rendition of {@code channel} starts; its first frame follows. Called again after its encoder
     * restarted: the rendition continues after a discontinuity. The rendition joins the master playlist and the MPD
     * once its first segment is complete, starting at the first segment boundary its keyframes reach.
     */
    public void renditionStarted(String channel, String rendition) {
        checkRendition(rendition);
        if (!closed) {
            channels.computeIfAbsent(channel, n -> new HlsChannel(n, settings, clock, format, archive))
                    .renditionStarted(rendition);
        }
    }

    /**
     * A frame of a transcoded rendition: a {@link io.onair.media.VideoFrame} on the source's 90 kHz timeline, with
     * keyframes at exactly the PTS of source keyframes. Anything else is ignored.
     */
    public void renditionFrame(String channel, String rendition, io.onair.media.MediaFrame frame) {
        HlsChannel c = channels.get(channel);
        if (c != null) {
            c.renditionFrame(rendition, frame);
        }
    }

    /** The rendition stopped: its playlist ends and it leaves the master playlist and the MPD. */
    public void renditionEnded(String channel, String rendition, String reason) {
        HlsChannel c = channels.get(channel);
        if (c != null) {
            c.renditionEnded(rendition, reason);
        }
    }

    /**
     * The rendition's transcoder stopped because the publication it encoded ended. If the channel's playlist goes on
     * (a reconnect within the grace, a takeover), the rendition's playlist stays open for the next publication's
     * transcoder, which continues it after a discontinuity; otherwise it ends as with {@link #renditionEnded}.
     */
    public void renditionSourceEnded(String channel, String rendition) {
        HlsChannel c = channels.get(channel);
        if (c != null) {
            c.renditionSourceEnded(rendition);
        }
    }

    /** Rendition names are URL path segments; {@code source} and {@code audio} are the origin's own. */
    private static void checkRendition(String rendition) {
        if (rendition == null || !rendition.matches("[a-z0-9][a-z0-9_-]{0,15}") || rendition.equals(HlsChannel.SOURCE)
                || rendition.equals(HlsChannel.AUDIO)) {
            throw new IllegalArgumentException("rendition name '" + rendition + "' must be 1-16 characters of a-z,"
                    + " 0-9, '_' or '-', and not 'source' or 'audio'");
        }
    }

    /** Ends due playlists, frees expired segments, forgets channels ended long enough ago. */
    public void sweep() {
        var now = clock.instant();
        for (String name : channels.keySet()) {
            channels.computeIfPresent(name, (n, channel) -> channel.sweep(now) ? null : channel);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.error("HLS sweep failed", e);
        }
    }

    /** Stops sweeping and packaging; publications are not touched. */
    @Override
    public void close() {
        closed = true;
        registry.removeListener(this);
        sweeper.ifPresent(ScheduledExecutorService::shutdownNow);
        channels.values().forEach(HlsChannel::close);
    }
}
