package io.onair.stream;

import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publishing session of a channel: the single writer of its frames, fanning them out to readers.
 *
 * <p>{@link #write} runs on the publisher's Netty event loop and never waits for a reader: it repairs timing, updates
 * the stats, appends to the GOP cache and offers the frame to each reader's bounded queue, all under one short lock
 * (which {@link #subscribe} also takes, so a new reader gets the cached GOP and then every later frame, without gap
 * or duplicate).
 *
 * <p>Timing repairs happen here, once, before fan-out, so every packager sees the same timeline:
 * <ul>
 *   <li>AAC dts rebuilt from the sample count ({@link AudioTimeline});
 *   <li>timestamp jumps (a step forward beyond {@link StreamSettings#timestampJumpForward()} or back beyond
 *       {@link StreamSettings#timestampJumpBackward()} in one track) are passed on as a
 *       {@link StreamEvent.Discontinuity} before the frame, instead of stalling the packagers (SRS #4586). Encoder
 *       restarts usually jump both tracks; the second track's jump within {@link #JUMP_COALESCE} is the same event
 *       and produces no second marker;
 *   <li>video frames whose dts steps back a little are malformed (MPEG-TS and fMP4 need increasing dts): counted
 *       as bad and skipped.
 * </ul>
 */
public final class Publication {
    /** Both tracks of a restarted encoder jump within this wall-clock time of each other. */
    static final Duration JUMP_COALESCE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(Publication.class);

    private final String channel;
    private final String id;
    private final Instant startedAt;
    private final InstantSource clock;
    private final StreamSettings settings;
    private final Consumer<String> kick;
    private final BiConsumer<Publication, EndReason> onEnded;

    private final ReentrantLock lock = new ReentrantLock();
    private final List<FrameReader> readers = new ArrayList<>();
    private final GopCache gop;
    private final AudioTimeline audioTimeline;
    private final IngestMeter meter;
    private final LongAdder drops = new LongAdder();
    private final long jumpForward;
    private final long jumpBackward;
    private long lastVideoDts = Long.MIN_VALUE;
    private long lastAudioDts = Long.MIN_VALUE;
    private boolean hasVideo;
    private Instant lastJumpAt = Instant.MIN;
    private boolean videoJumped;
    private boolean audioJumped;
    private Map<String, Object> metadata = Map.of();
    private volatile Optional<EndReason> endReason = Optional.empty();

    Publication(String channel, String id, InstantSource clock, StreamSettings settings, Consumer<String> kick,
            BiConsumer<Publication, EndReason> onEnded) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.id = Objects.requireNonNull(id, "id");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.kick = Objects.requireNonNull(kick, "kick");
        this.onEnded = Objects.requireNonNull(onEnded, "onEnded");
        this.startedAt = clock.instant();
        this.gop = new GopCache(settings.gopCacheBytes());
        this.audioTimeline = new AudioTimeline(ticks(settings.audioResyncTolerance()));
        this.meter = new IngestMeter(settings.statsWindow());
        this.jumpForward = ticks(settings.timestampJumpForward());
        this.jumpBackward = ticks(settings.timestampJumpBackward());
    }

    public String channel() {
        return channel;
    }

    /** Unique among publications of this registry, for logs and the API. */
    public String id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Present once the publication ended. */
    public Optional<EndReason> endReason() {
        return endReason;
    }

    public boolean live() {
        return endReason.isEmpty();
    }

    /** The encoder's {@code onMetaData}; null values (AMF null) are left out. */
    public void onMetadata(Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        lock.lock();
        try {
            metadata = Map.copyOf(copy);
        } finally {
            lock.unlock();
        }
    }

    /** The ingest skipped a malformed frame of this publication: counted in {@link IngestStats#badFrames()}. */
    public void badFrame(String description) {
        log.debug("{}: bad frame skipped: {}", channel, description);
        lock.lock();
        try {
            meter.bad();
        } finally {
            lock.unlock();
        }
    }

    /** Called by the publisher, in arrival order; never blocks. Frames after the end are ignored. */
    public void write(MediaFrame frame) {
        Objects.requireNonNull(frame, "frame");
        Instant now = clock.instant();
        long nowNanos = IngestMeter.nanos(now);
        lock.lock();
        try {
            if (endReason.isPresent()) {
                return;
            }
            meter.received();
            MediaFrame repaired = switch (frame) {
                case VideoFrame v -> video(v, now, nowNanos);
                case AudioFrame a -> audio(a, now, nowNanos);
            };
            if (repaired == null) {
                return;
            }
            StreamEvent.Frame event = new StreamEvent.Frame(repaired, now);
            boolean resumePoint = repaired instanceof VideoFrame v ? v.keyframe() : !hasVideo;
            if (hasVideo) {
                gop.add(event);
            }
            for (FrameReader reader : readers) {
                reader.offer(event, resumePoint);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A keyframe with these timestamps has begun to arrive (the ingest saw its first bytes); passed on to the readers
     * that take hints, when it continues the video timeline (what would be a jump or out of order waits for the
     * frame). Never blocks: a reader whose consumer is idle may have the hint run here, on the caller's thread
     * ({@link FrameReader#runHintsInline}), after the lock is released.
     */
    public void keyframeStart(long dts, long pts) {
        Instant now = clock.instant();
        StreamEvent.KeyframeStart hint;
        List<FrameReader> claimed = new ArrayList<>(1); // one keyframe every second or two: no allocation to save
        lock.lock();
        try {
            // Video has begun (hasVideo), so the check has a previous dts: a step back or none is OUT_OF_ORDER.
            if (endReason.isPresent() || !hasVideo
                    || TimestampCheck.of(lastVideoDts, dts, true, jumpForward, jumpBackward)
                            != TimestampCheck.CONTINUOUS) {
                return;
            }
            hint = new StreamEvent.KeyframeStart(dts, pts, now);
            for (FrameReader reader : readers) {
                if (reader.claimOrOffer(hint)) {
                    claimed.add(reader);
                }
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: a reader's hint run here (its consumer was idle) must not hold up subscribe and close.
        for (FrameReader reader : claimed) {
            reader.runClaimed(hint);
        }
    }


    private MediaFrame video(VideoFrame frame, Instant now, long nowNanos) {
        switch (TimestampCheck.of(lastVideoDts, frame.dts(), true, jumpForward, jumpBackward)) {
            case OUT_OF_ORDER -> {
                meter.bad();
                log.debug("{}: video dts {} after {}: skipped", channel, frame.dts(), lastVideoDts);
                return null;
            }
            case JUMP -> jump(true, lastVideoDts, frame.dts(), now);
            case CONTINUOUS -> {
            }
        }
        hasVideo = true;
        lastVideoDts = frame.dts();
        meter.video(frame, nowNanos);
        return frame;
    }

    private MediaFrame audio(AudioFrame frame, Instant now, long nowNanos) {
        if (TimestampCheck.of(lastAudioDts, frame.dts(), false, jumpForward, jumpBackward) == TimestampCheck.JUMP) {
            jump(false, lastAudioDts, frame.dts(), now);
            audioTimeline.reset();
        }
        lastAudioDts = frame.dts();
        long dts = audioTimeline.next(frame.config(), frame.dts());
        AudioFrame repaired = dts == frame.dts() ? frame : new AudioFrame(frame.config(), dts, frame.data());
        meter.audio(repaired, nowNanos);
        return repaired;
    }

    private void jump(boolean video, long from, long to, Instant now) {
        String description = (video ? "video" : "audio") + " dts " + seconds(from) + " s -> " + seconds(to) + " s";
        boolean sameEvent = !now.isAfter(lastJumpAt.plus(JUMP_COALESCE)) && (video ? !videoJumped : !audioJumped);
        if (video) {
            videoJumped = true;
        } else {
            audioJumped = true;
        }
        if (sameEvent) {
            log.info("{}: {} (same discontinuity as the other track's)", channel, description);
            return;
        }
        log.warn("{}: timestamp jump, {}: passing a discontinuity on", channel, description);
        videoJumped = video;
        audioJumped = !video;
        lastJumpAt = now;
        meter.discontinuity();
        StreamEvent.Discontinuity marker = new StreamEvent.Discontinuity(description);
        gop.add(marker);
        for (FrameReader reader : readers) {
            reader.offer(marker, false);
        }
    }

    /**
     * A reader of this publication's events from now on, starting at the cached GOP's keyframe when there is one
     * (or waiting for the next keyframe when video is flowing but no GOP is cached). A reader of an ended publication
     * receives only the end.
     *
     * @param name     for logs, e.g. {@code hls} or {@code rtmp-play 10.0.0.7}
     * @param capacity frames the reader may fall behind before it drops (the GOP it starts with counts)
     */
    public FrameReader subscribe(String name, int capacity) {
        return subscribe(name, capacity, false);
    }

    /**
     * As {@link #subscribe(String, int)}; with {@code keyframeHints} the reader also receives a
     * {@link StreamEvent.KeyframeStart} before each keyframe whose start the ingest saw ahead of the frame.
     */
    public FrameReader subscribe(String name, int capacity, boolean keyframeHints) {
        return subscribe(name, capacity, keyframeHints, false);
    }

    /**
     * As {@link #subscribe(String, int)}, without the audio frames (markers and video only): for a reader that
     * ignores audio (the transcoder), so the publisher does not wake it for every audio frame, about 47 a second of
     * 48 kHz AAC against 30 video frames.
     */
    public FrameReader subscribeVideo(String name, int capacity) {
        return subscribe(name, capacity, false, true);
    }

    private FrameReader subscribe(String name, int capacity, boolean keyframeHints, boolean videoOnly) {
        FrameReader[] self = new FrameReader[1];
        FrameReader reader = new FrameReader(name, capacity, keyframeHints, videoOnly, clock,
                settings.dropLogInterval(), drops, () -> unsubscribe(self[0]));
        self[0] = reader;
        lock.lock();
        try {
            if (endReason.isPresent()) {
                reader.offer(new StreamEvent.End(endReason.get()), false);
                return reader;
            }
            List<StreamEvent> cached = gop.events();
            long cachedFrames = cached.stream().filter(e -> e instanceof StreamEvent.Frame f
                    && (!videoOnly || f.frame() instanceof VideoFrame)).count();
            if (hasVideo && (cached.isEmpty() || cachedFrames > capacity)) {
                reader.waitForSyncPoint();
            } else {
                cached.forEach(e -> reader.offer(e, false));
            }
            readers.add(reader);
            return reader;
        } finally {
            lock.unlock();
        }
    }

    private void unsubscribe(FrameReader reader) {
        lock.lock();
        try {
            readers.remove(reader);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the publication: readers receive {@link StreamEvent.End}, the registry forgets it and tells its listeners.
     * Only the first call counts.
     */
    public void end(EndReason reason) {
        endOnce(reason);
    }

    private boolean endOnce(EndReason reason) {
        Objects.requireNonNull(reason, "reason");
        lock.lock();
        try {
            if (endReason.isPresent()) {
                return false;
            }
            endReason = Optional.of(reason);
            StreamEvent.End end = new StreamEvent.End(reason);
            for (FrameReader reader : readers) {
                reader.offer(end, false);
            }
            readers.clear();
            gop.clear();
        } finally {
            lock.unlock();
        }
        log.info("{}: publication {} ended ({})", channel, id, reason);
        onEnded.accept(this, reason);
        return true;
    }

    /** Ends the publication with {@code reason} and asks the ingest to close the connection with {@code description}. */
    void end(EndReason reason, String description) {
        if (endOnce(reason)) {
            kick.accept(description);
        }
    }

    /** Ends the publication as {@link EndReason#KICKED} and closes the publisher's connection with {@code description}. */
    public void kick(String description) {
        end(EndReason.KICKED, description);
    }

    /** An immutable snapshot, computed from per-frame counters. */
    public IngestStats stats() {
        long nowNanos = IngestMeter.nanos(clock.instant());
        lock.lock();
        try {
            return meter.snapshot(startedAt, nowNanos, drops.sum(), audioTimeline.resyncs(), metadata);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Publication[" + channel + " " + id + "]";
    }

    private static long ticks(Duration duration) {
        return duration.toNanos() * Timebase.MPEG / 1_000_000_000L;
    }

    private static String seconds(long dts) {
        return String.format(java.util.Locale.ROOT, "%.3f", Timebase.mpegToSeconds(dts));
    }
}
