package io.onair.transcode;

import io.onair.media.MediaFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.stream.FrameReader;
import io.onair.stream.FrameThreads;
import io.onair.stream.Publication;
import io.onair.stream.StreamClosedException;
import io.onair.stream.StreamEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcoder of one publication: measures the source, picks the rungs, and supervises one ffmpeg for all of
 * them on a thread of its own ({@link FrameThreads}), fed from a bounded {@link FrameReader} (the publisher never
 * waits; when ffmpeg falls a whole queue behind, the reader drops to the next keyframe).
 *
 * <p>Runs end and restart at source keyframes: after a crash (with back-off, giving up after repeated rapid
 * failures), after a timestamp jump or a resolution change of the source (planned, not counted as failures), and
 * when ffmpeg cannot keep real time (without the top rung). Each new run announces its renditions again with
 * {@link RenditionSink#renditionStarted}, which the packager answers with a discontinuity.
 */
final class Transcoder {
    private static final Logger log = LoggerFactory.getLogger(Transcoder.class);

    /**
     * Added to the FLV timestamps ffmpeg reads, so the encoders' B-frame DTS (a few frames before the first PTS) is
     * never negative and no muxer shifts the output timeline ({@link FfmpegCommand}). 10 s is far above any
     * encoder's reorder delay.
     */
    static final long OFFSET_MS = 10_000;
    /** How often the feeding loop checks ffmpeg's health while no frame arrives. */
    static final Duration POLL = Duration.ofMillis(200);
    /** Speed samples: often enough for a 10 s window, rare enough that the stats snapshot costs nothing. */
    static final Duration SPEED_SAMPLE = Duration.ofSeconds(1);

    private final Publication publication;
    private final String channel;
    private final TranscodeSettings settings;
    private final Path ffmpeg;
    private final RenditionSink sink;
    private final InstantSource clock;
    private final Supplier<String> runIds;
    private final Optional<Transcoder> previous;
    private final FrameReader reader;
    private final RestartPolicy policy;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final RenditionSink tracking;

    private volatile TranscodeStatus status;
    private volatile boolean stopping;
    private volatile FfmpegRun run;
    private Thread thread;

    // Owned by the transcoder's thread.
    private VideoConfig config;
    private double sourceFps;
    private List<Rendition> renditions = List.of();
    private final Map<String, String> dropped = new LinkedHashMap<>();
    private int restarts;
    private OptionalDouble speed = OptionalDouble.empty();

    private enum Kind { END, STOP, RESTART, SLOW, FAILED }

    private record Outcome(Kind kind, String reason, StreamEvent.Frame keyframe) {
    }

    Transcoder(Publication publication, TranscodeSettings settings, Path ffmpeg, RenditionSink sink,
            InstantSource clock, Supplier<String> runIds, Optional<Transcoder> previous) {
        this.publication = publication;
        this.channel = publication.channel();
        this.settings = settings;
        this.ffmpeg = ffmpeg;
        this.sink = sink;
        this.clock = clock;
        this.runIds = runIds;
        this.previous = previous;
        this.policy = RestartPolicy.of(settings);
        this.tracking = new TrackingSink();
        this.status = new TranscodeStatus(channel, TranscodeStatus.State.PROBING, List.of(), Map.of(),
                OptionalDouble.empty(), 0, "waiting for the first keyframe");
        // Subscribed here, on the registry's listener call, so no frame of the publication is missed.
        this.reader = publication.subscribeVideo("transcode", settings.queueCapacity());
    }

    void start() {
        thread = FrameThreads.start("transcode-" + channel, this::run);
    }

    TranscodeStatus status() {
        return status;
    }

    /** The ffmpeg process of the current run, for tests that kill it. */
    Optional<Long> ffmpegPid() {
        FfmpegRun r = run;
        return r == null ? Optional.empty() : Optional.of(r.pid());
    }

    /** Stops at once: ffmpeg is killed, renditions end. */
    void stop() {
        stopping = true;
        reader.close();
        FfmpegRun r = run;
        if (r != null) {
            r.abort();
        }
    }

    boolean join(Duration timeout) throws InterruptedException {
        return thread == null || thread.join(timeout);
    }

    private void run() {
        try {
            List<StreamEvent.Frame> first = probe();
            if (first == null) {
                setStatus(TranscodeStatus.State.ENDED, "the publication ended before its first video keyframe");
                return;
            }
            SourceInfo source = sourceInfo(first);
            select(source);
            if (renditions.isEmpty()) {
                String why = "no rung is below the source (" + describe(source) + "): only the source rendition";
                log.info("{}: {}", channel, why);
                setStatus(TranscodeStatus.State.IDLE, why);
                return;
            }
            log.info("{}: source {}: transcoding to {}", channel, describe(source),
                    renditions.stream().map(r -> r.name() + " " + r.width() + "x" + r.height()).toList());
            if (previous.isPresent()) {
                // The taken-over publication's renditions must end before this one's start.
                previous.get().join(settings.killTimeout().multipliedBy(2));
            }
            supervise(first);
        } catch (StreamClosedException e) {
            endAll("transcoder stopped");
            setStatus(TranscodeStatus.State.ENDED, "stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endAll("transcoder stopped");
            setStatus(TranscodeStatus.State.ENDED, "interrupted");
        } catch (RuntimeException e) {
            log.error("{}: transcoder failed", channel, e);
            endAll("transcoder failed: " + e.getMessage());
            setStatus(TranscodeStatus.State.FAILED, "transcoder failed: " + e);
        } finally {
            FfmpegRun r = run;
            if (r != null) {
                r.kill(settings.killTimeout());
                run = null;
            }
            reader.close();
        }
    }

    /**
     * Collects the source from its first keyframe until it is known enough to pick rungs: at once when the encoder's
     * metadata carries its bitrate (OBS and ffmpeg send {@code videodatarate}), else over the first GOP, at most
     * {@link TranscodeSettings#probeLimit()}. Returns those frames (fed to ffmpeg first), or null when the
     * publication ended.
     */
    private List<StreamEvent.Frame> probe() throws InterruptedException {
        List<StreamEvent.Frame> frames = new ArrayList<>();
        long probeTicks = settings.probeLimit().toMillis() * 90;
        while (true) {
            StreamEvent event = reader.take();
            switch (event) {
                case StreamEvent.End end -> {
                    return null;
                }
                case StreamEvent.Discontinuity d -> frames.clear();
                case StreamEvent.Frame f when f.frame() instanceof VideoFrame v -> {
                    if (frames.isEmpty()) {
                        if (v.keyframe()) {
                            frames.add(f);
                            config = v.config();
                            if (metadataKbps() > 0) {
                                return frames;
                            }
                        }
                        continue;
                    }
                    if (!v.config().equals(config)) {
                        frames.clear();
                        frames.add(f);
                        config = v.config();
                        continue;
                    }
                    long span = v.dts() - frames.getFirst().frame().dts();
                    if (v.keyframe() || span >= probeTicks) {
                        sourceFps = frames.size() * (double) Timebase.MPEG / Math.max(1, span);
                        frames.add(f);
                        return frames;
                    }
                    frames.add(f);
                }
                case StreamEvent.Frame f -> {
                    // audio: the packager passes the source's through
                }
                case StreamEvent.KeyframeStart k -> {
                    // not subscribed to hints: ffmpeg needs the whole frame
                }
            }
        }
    }

    private SourceInfo sourceInfo(List<StreamEvent.Frame> frames) {
        int kbps = metadataKbps();
        double fps = metadataNumber("framerate").orElse(sourceFps);
        if (kbps <= 0 && frames.size() > 1) {
            long bytes = 0;
            for (int i = 0; i < frames.size() - 1; i++) {
                bytes += frames.get(i).frame().data().length;
            }
            long span = frames.getLast().frame().dts() - frames.getFirst().frame().dts();
            kbps = (int) Math.round(bytes * 8.0 * Timebase.MPEG / Math.max(1, span) / 1000);
        }
        if (fps <= 0) {
            fps = sourceFps;
        }
        sourceFps = fps;
        return new SourceInfo(config.width(), config.height(), fps, kbps);
    }

    private int metadataKbps() {
        return (int) Math.round(metadataNumber("videodatarate").orElse(0));
    }

    private OptionalDouble metadataNumber(String key) {
        Object v = publication.stats().metadata().get(key);
        return v instanceof Number n && n.doubleValue() > 0 ? OptionalDouble.of(n.doubleValue())
                : OptionalDouble.empty();
    }

    private void select(SourceInfo source) {
        renditions = settings.ladder().select(source);
        for (Rung rung : settings.ladder().rungs()) {
            if (renditions.stream().noneMatch(r -> r.rung().equals(rung))) {
                // Read on the dashboard after "720p is not offered: ".
                dropped.put(rung.name(), "the source (" + describe(source) + ") is no larger; viewers get the"
                        + " source as it is");
            }
        }
    }

    private void supervise(List<StreamEvent.Frame> first) throws InterruptedException {
        List<StreamEvent.Frame> startFrames = first;
        while (true) {
            if (stopping) {
                throw new StreamClosedException("transcoder stopped");
            }
            Instant runStart = clock.instant();
            Outcome outcome;
            FfmpegRun current;
            try {
                long base = startFrames.getFirst().frame().dts();
                current = FfmpegRun.start(channel, runIds.get(), renditions, tracking,
                        new TimestampMap(base, OFFSET_MS), clock, ffmpeg, settings);
                run = current;
                setStatus(TranscodeStatus.State.RUNNING, "ffmpeg " + current.pid() + " encoding");
                outcome = feed(current, startFrames);
            } catch (IOException e) {
                current = null;
                outcome = new Outcome(Kind.FAILED, "cannot start ffmpeg: " + e.getMessage(), null);
            }
            startFrames = null;
            switch (outcome.kind()) {
                case END -> {
                    finish(current);
                    setStatus(TranscodeStatus.State.ENDED, "publication ended");
                    endAllWithSource();
                    return;
                }
                case STOP -> throw new StreamClosedException("transcoder stopped");
                case RESTART -> {
                    finish(current);
                    log.info("{}: restarting ffmpeg at the next keyframe: {}", channel, outcome.reason());
                    if (outcome.keyframe() != null && !((VideoFrame) outcome.keyframe().frame()).config()
                            .equals(config)) {
                        reselect((VideoFrame) outcome.keyframe().frame());
                        if (renditions.isEmpty()) {
                            setStatus(TranscodeStatus.State.IDLE, "no rung is below the source any more");
                            drainUntilEnd();
                            return;
                        }
                    }
                    setStatus(TranscodeStatus.State.RESTARTING, outcome.reason());
                    if (outcome.keyframe() != null) {
                        startFrames = List.of(outcome.keyframe());
                    }
                }
                case SLOW -> {
                    finish(current);
                    Rendition top = renditions.getFirst();
                    renditions = List.copyOf(renditions.subList(1, renditions.size()));
                    String reason = "dropped: " + outcome.reason();
                    dropped.put(top.name(), reason);
                    log.warn("{}: {} {}", channel, top.name(), reason);
                    if (announced.remove(top.name())) {
                        sink.renditionEnded(channel, top.name(), outcome.reason());
                    }
                    if (renditions.isEmpty()) {
                        setStatus(TranscodeStatus.State.FAILED, "every rung dropped: " + outcome.reason());
                        drainUntilEnd();
                        return;
                    }
                    setStatus(TranscodeStatus.State.RESTARTING, "restarting without " + top.name());
                }
                case FAILED -> {
                    if (current != null) {
                        current.kill(settings.killTimeout());
                        run = null;
                    }
                    if (stopping) {
                        throw new StreamClosedException("transcoder stopped");
                    }
                    Duration lasted = Duration.between(runStart, clock.instant());
                    Optional<Duration> delay = policy.failed(lasted);
                    if (delay.isEmpty()) {
                        String why = "ffmpeg failed " + policy.failures() + " times in a row, last: "
                                + outcome.reason();
                        log.error("{}: giving up transcoding: {}", channel, why);
                        for (Rendition r : renditions) {
                            dropped.put(r.name(), "ended: " + why);
                        }
                        setStatus(TranscodeStatus.State.FAILED, why);
                        endAll(why);
                        renditions = List.of();
                        drainUntilEnd();
                        return;
                    }
                    restarts++;
                    log.warn("{}: {} after {} ms; restart {} in {} ms", channel, outcome.reason(), lasted.toMillis(),
                            restarts, delay.get().toMillis());
                    setStatus(TranscodeStatus.State.RESTARTING, outcome.reason() + "; restarting");
                    Thread.sleep(delay.get());
                }
            }
            if (startFrames == null) {
                StreamEvent.Frame key = awaitKeyframe();
                if (key == null) {
                    setStatus(TranscodeStatus.State.ENDED, "publication ended");
                    endAllWithSource();
                    return;
                }
                startFrames = List.of(key);
            }
        }
    }

    /** A resolution change: the rungs are chosen again for the new size; those no longer below it end. */
    private void reselect(VideoFrame keyframe) {
        List<Rendition> before = renditions;
        config = keyframe.config();
        List<Rendition> now = settings.ladder().select(new SourceInfo(config.width(), config.height(), sourceFps, 0))
                .stream().filter(r -> before.stream().anyMatch(b -> b.rung().equals(r.rung()))).toList();
        for (Rendition r : before) {
            if (now.stream().noneMatch(n -> n.rung().equals(r.rung()))) {
                dropped.put(r.name(), "ended: the source changed to " + config.width() + "x" + config.height());
                if (announced.remove(r.name())) {
                    sink.renditionEnded(channel, r.name(), "the source changed resolution");
                }
            }
        }
        renditions = now;
    }

    private Outcome feed(FfmpegRun current, List<StreamEvent.Frame> startFrames) throws InterruptedException {
        Instant start = clock.instant();
        SpeedMonitor monitor = new SpeedMonitor(start, settings.speedWarmUp(), settings.speedWindow(),
                settings.speedThreshold());
        long droppedBefore = reader.dropped();
        Instant nextSample = start;
        try {
            for (StreamEvent.Frame f : startFrames) {
                current.write((VideoFrame) f.frame(), sourceFps);
            }
            current.flush();
            while (true) {
                if (stopping) {
                    return new Outcome(Kind.STOP, "stopped", null);
                }
                Optional<StreamEvent> event = reader.poll(POLL);
                if (event.isPresent()) {
                    switch (event.get()) {
                        case StreamEvent.End end -> {
                            return new Outcome(Kind.END, "publication ended", null);
                        }
                        case StreamEvent.Discontinuity d -> {
                            return new Outcome(Kind.RESTART, "the source's timestamps jumped (" + d.description()
                                    + ")", null);
                        }
                        case StreamEvent.Frame f when f.frame() instanceof VideoFrame v -> {
                            if (!v.config().equals(config)) {
                                return new Outcome(Kind.RESTART, "the source's video configuration changed to "
                                        + v.config(), v.keyframe() ? f : null);
                            }
                            current.write(v, sourceFps);
                            current.flush();
                        }
                        case StreamEvent.Frame f -> {
                            // audio is not transcoded
                        }
                        case StreamEvent.KeyframeStart k -> {
                            // not subscribed to hints: ffmpeg needs the whole frame
                        }
                    }
                }
                String failure = current.failure();
                if (failure != null) {
                    return new Outcome(Kind.FAILED, failure, null);
                }
                Instant now = clock.instant();
                if (!now.isBefore(nextSample)) {
                    nextSample = now.plus(SPEED_SAMPLE);
                    long out = current.outputPts();
                    OptionalDouble sourceDts = publication.stats().lastVideoDts();
                    if (out != Long.MIN_VALUE && sourceDts.isPresent()) {
                        monitor.sample(now, Timebase.mpegToSeconds(out), sourceDts.getAsDouble());
                    }
                    if (reader.dropped() > droppedBefore) {
                        monitor.inputDropped(now);
                    }
                    if (monitor.speed().isPresent()) {
                        speed = monitor.speed();
                        status = withSpeed(status);
                    }
                    if (monitor.tooSlow(now)) {
                        String why = monitor.inputOverflowed()
                                ? "ffmpeg fell " + settings.queueCapacity() + " frames behind the source"
                                : String.format(java.util.Locale.ROOT,
                                        // three decimals: at two, 0.946 and the 0.95 threshold print alike
                                        "ffmpeg ran at %.3fx real time for %d s (needs at least %.2fx)",
                                        monitor.speed().orElse(0), settings.speedWindow().toSeconds(),
                                        settings.speedThreshold());
                        return new Outcome(Kind.SLOW, why, null);
                    }
                }
            }
        } catch (IOException e) {
            String failure = current.failure();
            return new Outcome(Kind.FAILED, failure != null ? failure : "writing to ffmpeg: " + e.getMessage(), null);
        }
    }

    private void finish(FfmpegRun current) {
        if (current != null) {
            current.finish(settings.killTimeout());
            run = null;
        }
    }

    /** The next video keyframe (a run starts there), or null when the publication ends. */
    private StreamEvent.Frame awaitKeyframe() throws InterruptedException {
        while (true) {
            if (stopping) {
                throw new StreamClosedException("transcoder stopped");
            }
            StreamEvent event = reader.take();
            if (event instanceof StreamEvent.End) {
                return null;
            }
            if (event instanceof StreamEvent.Frame f && f.frame() instanceof VideoFrame v && v.keyframe()) {
                if (!v.config().equals(config)) {
                    reselect(v);
                }
                return f;
            }
        }
    }

    /** Nothing left to encode: the reader is closed so the publication does not queue for us. */
    private void drainUntilEnd() {
        reader.close();
    }

    private void endAll(String reason) {
        for (Rendition r : renditions) {
            if (announced.remove(r.name())) {
                sink.renditionEnded(channel, r.name(), reason);
            }
        }
    }

    /** The publication ended: a reconnect's transcoder may start the renditions again. */
    private void endAllWithSource() {
        for (Rendition r : renditions) {
            if (announced.remove(r.name())) {
                sink.renditionSourceEnded(channel, r.name());
            }
        }
    }

    private void setStatus(TranscodeStatus.State state, String detail) {
        boolean active = state == TranscodeStatus.State.RUNNING;
        status = new TranscodeStatus(channel, state,
                active ? renditions.stream().map(Rendition::name).toList() : List.of(), dropped, speed, restarts,
                detail);
    }

    private TranscodeStatus withSpeed(TranscodeStatus s) {
        return new TranscodeStatus(s.channel(), s.state(), s.active(), s.dropped(), speed, s.restarts(), s.detail());
    }

    private static String describe(SourceInfo s) {
        return s.width() + "x" + s.height() + (s.fps() > 0 ? String.format(java.util.Locale.ROOT, " %.0f fps", s.fps())
                : "") + (s.videoKbps() > 0 ? " " + s.videoKbps() + " kbit/s" : "");
    }

    /** Remembers which renditions the sink was told about, so only those are ended. */
    private final class TrackingSink implements RenditionSink {
        @Override
        public void renditionStarted(String channel, String rendition) {
            announced.add(rendition);
            sink.renditionStarted(channel, rendition);
        }

        @Override
        public void renditionFrame(String channel, String rendition, MediaFrame frame) {
            sink.renditionFrame(channel, rendition, frame);
        }

        @Override
        public void renditionEnded(String channel, String rendition, String reason) {
            announced.remove(rendition);
            sink.renditionEnded(channel, rendition, reason);
        }

        @Override
        public void renditionSourceEnded(String channel, String rendition) {
            announced.remove(rendition);
            sink.renditionSourceEnded(channel, rendition);
        }
    }
}
