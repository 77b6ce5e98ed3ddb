package io.onair.hls;

import io.onair.stream.EndReason;
import io.onair.stream.FrameReader;
import io.onair.stream.FrameThreads;
import io.onair.stream.Publication;
import io.onair.stream.StreamEvent;
import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's HLS and DASH output, across its publications: a packager consumes each publication's
 * {@link FrameReader} on a virtual thread of its own (the publisher only enqueues), decides the segment boundaries
 * ({@link SegmentPlan}), cuts every rendition at them, and publishes an immutable {@link ChannelSnapshot}. Readers
 * (the HTTP layer) only read the snapshot. One step runs on the publisher's thread instead: the cut at a keyframe's
 * first bytes, when the packager is idle and the lock free ({@link #keyframeInline}), so a segment is listed without
 * a thread hand-off.
 *
 * <p>Renditions: {@link #SOURCE} (the published video as is), one per transcoded rung (fed through
 * {@link HlsOrigin#renditionFrame} from the transcoder's threads, cut at the source's boundaries by keyframe PTS),
 * and with fMP4 {@link #AUDIO} (the source's audio, packaged once and referenced by every variant). With MPEG-TS the
 * audio is muxed into every variant instead. All of it happens under one lock per channel; each step is a list
 * append or the muxing of one segment.
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
    /** The source's audio as its own rendition (fMP4/CMAF). */
    public static final String AUDIO = "audio";
    /** {@code EXT-X-MEDIA} group of the audio rendition. */
    static final String AUDIO_GROUP = "audio";

    private static final Logger log = LoggerFactory.getLogger(HlsChannel.class);
    /** Audio parts kept for muxing into lagging MPEG-TS renditions: as many boundaries as the plan keeps. */
    private static final int RECENT_AUDIO = SegmentPlan.KEPT;

    private final String name;
    private final HlsSettings settings;
    private final InstantSource clock;
    private final SegmentFormat format;
    private final SegmentPlan plan;
    private final HlsSegmenter segmenter;
    private final AudioCutter audioCutter;
    private final DashBuilder dash;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ChannelSnapshot snapshot = ChannelSnapshot.EMPTY;
    /** LL-HLS parts are made: fMP4 with a part target. */
    private final boolean lowLatency;
    /**
     * Completed (and replaced) on every new snapshot and every sweep: held requests wait on it, all woken at once
     * by one publish, each then re-checks the snapshot and the injected clock. A parked virtual thread per held
     * request, no platform thread and no polling.
     */
    private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

    // guarded by lock
    private final Map<String, Rendition> renditions = new LinkedHashMap<>();
    private final TreeMap<Long, TrackPart> recentAudio = new TreeMap<>();
    private long latestAudio = Long.MIN_VALUE;
    /** Segments up to this number get no more audio (the source's timeline stopped there). */
    private long audioDoneThrough = Long.MIN_VALUE;
    private Optional<VideoConfig> sourceVideo = Optional.empty();
    private Optional<AudioConfig> sourceAudio = Optional.empty();
    private Optional<Publication> attached = Optional.empty();
    private Optional<Thread> packager = Optional.empty();
    private Optional<Instant> graceUntil = Optional.empty();
    private Optional<Instant> endedAt = Optional.empty();
    private Optional<Instant> lastLiveAt = Optional.empty();
    private long frameErrors;
    private long publishedVersion = -1;
    private boolean playlistEnded;
    /** A publication is being packaged: an ended rendition then leaves the master playlist and the MPD at once. */
    private boolean publicationOpen;
    /** Where listed segments go for recording; {@link #archiving}: segments went there since its last end. */
    private final Guarded archive;
    private boolean archiving;
    /** The reader of the publication being packaged, for {@link #packagerIdleForTest}. */
    private volatile FrameReader packagerReader;
    /** A keyframe hint runs on the publisher's thread: the archive is handed its segments later. */
    private boolean deferArchive;

    HlsChannel(String name, HlsSettings settings, InstantSource clock, SegmentFormat format) {
        this(name, settings, clock, format, SegmentArchive.NONE);
    }

    HlsChannel(String name, HlsSettings settings, InstantSource clock, SegmentFormat format,
            SegmentArchive archive) {
        this.archive = new Guarded(archive);
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.format = format;
        // Sequence numbers start at the current Unix time in seconds: segments are at least a second long, so a
        // channel forgotten (or a server restarted) and published again starts above any number it used before,
        // and URIs a CDN cached as immutable are never reused for other bytes.
        this.plan = new SegmentPlan(clock.instant().getEpochSecond());
        this.segmenter = new HlsSegmenter(name, settings.targetDuration(), settings.maxSegmentBytes(), new Sink());
        this.lowLatency = settings.lowLatency() && format.separateTracks();
        this.audioCutter = new AudioCutter(name, this::audioPart,
                lowLatency ? this::audioProgress : SegmentHead.Progress.NONE, plan);
        this.dash = new DashBuilder(settings);
    }

    public String name() {
        return name;
    }

    /** The master playlist; empty until the first segment exists. */
    public Optional<String> masterPlaylist() {
        return current().master().map(Lazy::get);
    }

    /** The DASH MPD (fMP4 only); empty until the first segment exists. */
    public Optional<String> dashManifest() {
        return current().mpd().flatMap(Lazy::get).map(m -> m.render(clock.instant()));
    }

    /** The media playlist of {@code rendition}; empty until its first segment exists. */
    public Optional<String> mediaPlaylist(String rendition) {
        return Optional.ofNullable(current().renditions().get(rendition))
                .flatMap(ChannelSnapshot.RenditionSnapshot::playlist).map(Lazy::get);
    }

    /**
     * The media playlist of {@code rendition} for a request with LL-HLS delivery directives (RFC 8216bis §6.2.5):
     * answered at once when what it asks for exists, else held until a publish brings it (the calling thread parks;
     * on the servlet's virtual threads that costs no platform thread) or for three target durations, then
     * {@link PlaylistAnswer.Unavailable} ("A Server that cannot provide the requested Playlist after blocking for
     * more than three Target Durations SHOULD return Service Unavailable, such as HTTP 503"). Without LL-HLS the
     * directives are ignored. The hold is timed on the injected clock, re-read whenever a publish or a sweep wakes
     * the waiters.
     */
    public PlaylistAnswer mediaPlaylist(String rendition, PlaylistRequest request) throws InterruptedException {
        Hold hold = new Hold();
        while (true) {
            CompletableFuture<Void> signal = changed; // read before the snapshot: no publish can slip between
            PlaylistAnswer answer = playlistNow(rendition, request, hold);
            if (answer != null) {
                return answer;
            }
            await(signal, hold);
        }
    }

    /**
     * {@link #mediaPlaylist(String, PlaylistRequest)} without a waiting thread, for an event-loop server: the
     * answer completes the future, and every re-check after a publish or a sweep runs on {@code recheckOn} (the
     * connection's event loop), never on the packager that published. Cancelling the future (the client went
     * away) stops the re-checks at the next wake.
     */
    public CompletableFuture<PlaylistAnswer> mediaPlaylistLater(String rendition, PlaylistRequest request,
            Executor recheckOn) {
        Hold hold = new Hold();
        CompletableFuture<PlaylistAnswer> answer = new CompletableFuture<>();
        holdUntil(answer, () -> playlistNow(rendition, request, hold), recheckOn);
        return answer;
    }

    /** One look at the current snapshot: the answer, or null to wait for the next publish. */
    private PlaylistAnswer playlistNow(String rendition, PlaylistRequest request, Hold hold) {
        ChannelSnapshot.RenditionSnapshot r = current().renditions().get(rendition);
        if (r == null || r.playlist().isEmpty()) {
            return new PlaylistAnswer.NotFound("No playlist yet for " + name + "/" + rendition
                    + ": the stream has not produced a segment");
        }
        if (r.edge().isEmpty()) {
            return new PlaylistAnswer.Ready(r.playlist().get().get(), 0, false);
        }
        LiveEdge edge = r.edge().get();
        return switch (BlockingReload.playlist(edge, request.msn(), request.part(), partTargetSeconds())) {
            case READY -> new PlaylistAnswer.Ready(request.skip() ? r.delta().orElseThrow().get()
                    : r.playlist().get().get(), edge.targetDuration(), true);
            case BAD_REQUEST -> new PlaylistAnswer.BadRequest(request.part().isPresent() && request.msn().isEmpty()
                    ? "_HLS_part without _HLS_msn (RFC 8216bis §6.2.5.2)"
                    : "_HLS_msn=" + request.msn().getAsLong() + partText(request.part(), " _HLS_part=")
                    + " is beyond what can arrive within three target durations: the last segment is "
                    + edge.lastMsn() + " (RFC 8216bis §6.2.5.2)");
            default -> hold.expired(clock.instant(), edge.targetDuration())
                    ? new PlaylistAnswer.Unavailable("Segment " + request.msn().getAsLong()
                            + partText(request.part(), " part ") + " did not arrive within three target durations")
                    : null;
        };
    }

    /**
     * LL-HLS part {@code index} of segment {@code msn}: at once when it exists; the hinted part (and a few after it)
     * is waited for until it is published, then sent whole (RFC 8216bis §6.2.6: no byte of a part before all of
     * it can be sent), or {@link PartAnswer.Unavailable} after three target durations; anything else is 404.
     */
    public PartAnswer part(String rendition, long msn, int index) throws InterruptedException {
        Hold hold = new Hold();
        while (true) {
            CompletableFuture<Void> signal = changed;
            PartAnswer answer = partNow(rendition, msn, index, hold);
            if (answer != null) {
                return answer;
            }
            await(signal, hold);
        }
    }

    /** {@link #part(String, long, int)} without a waiting thread: see {@link #mediaPlaylistLater}. */
    public CompletableFuture<PartAnswer> partLater(String rendition, long msn, int index, Executor recheckOn) {
        Hold hold = new Hold();
        CompletableFuture<PartAnswer> answer = new CompletableFuture<>();
        holdUntil(answer, () -> partNow(rendition, msn, index, hold), recheckOn);
        return answer;
    }

    private PartAnswer partNow(String rendition, long msn, int index, Hold hold) {
        ChannelSnapshot.RenditionSnapshot r = current().renditions().get(rendition);
        if (r == null || r.edge().isEmpty()) {
            return new PartAnswer.NotFound("No parts for " + name + "/" + rendition);
        }
        List<HlsPart> parts = r.parts().get(msn);
        if (parts != null && index < parts.size()) {
            return new PartAnswer.Found(parts.get(index));
        }
        LiveEdge edge = r.edge().get();
        if (BlockingReload.missingPart(edge, msn, index, partTargetSeconds()) != BlockingReload.Verdict.WAIT) {
            return new PartAnswer.NotFound("No part " + msn + "." + index + " of " + name + "/" + rendition
                    + ": not hinted, and it does not exist (any more)");
        }
        return hold.expired(clock.instant(), edge.targetDuration())
                ? new PartAnswer.Unavailable("Part " + msn + "." + index + " did not arrive within three"
                        + " target durations")
                : null;
    }

    /**
     * How long a held request has been held: from its first wait, three target durations of the playlist it
     * waits on (RFC 8216bis §6.2.5.2), on the injected clock.
     */
    private static final class Hold {
        private Instant deadline;

        boolean expired(Instant now, int targetDuration) {
            if (deadline == null) {
                deadline = now.plusSeconds(3L * targetDuration);
            }
            return !now.isBefore(deadline);
        }

        java.time.Duration left(Instant now) {
            return java.time.Duration.between(now, deadline);
        }
    }

    /**
     * Completes {@code answer} with the first non-null look, re-looking on {@code recheckOn} after every wake. The
     * signal is read before the look, as in the blocking loops, so no publish slips between them. The packager
     * completing the signal only hands each held request to its executor: it does no viewer's work.
     */
    private <A> void holdUntil(CompletableFuture<A> answer, java.util.function.Supplier<A> look,
            Executor recheckOn) {
        if (answer.isDone()) {
            return; // cancelled: the client went away
        }
        CompletableFuture<Void> signal = changed;
        A a;
        try {
            a = look.get();
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return;
        }
        if (a != null) {
            answer.complete(a);
            return;
        }
        signal.thenRun(() -> {
            try {
                recheckOn.execute(() -> holdUntil(answer, look, recheckOn));
            } catch (RejectedExecutionException e) {
                answer.cancel(false); // the executor is shutting down with its connections
            }
        });
    }

    private void await(CompletableFuture<Void> signal, Hold hold) throws InterruptedException {
        try {
            // Real time bounds the park only as a safety net; with the system clock it is the same deadline. Tests
            // on a fake clock wake the waiters with a sweep after moving the clock.
            signal.get(Math.max(1, hold.left(clock.instant()).toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // re-checked against the injected clock by the caller
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wakes every held request, to re-check the clock (the origin's sweep calls this). */
    void wake() {
        CompletableFuture<Void> c = changed;
        changed = new CompletableFuture<>();
        c.complete(null);
    }

    private static String partText(OptionalInt part, String prefix) {
        return part.isPresent() ? prefix + part.getAsInt() : "";
    }

    private double partTargetSeconds() {
        return settings.partTarget().toMillis() / 1000.0;
    }

    /** A listed segment, or one that left the playlist recently (RFC 8216 §6.2.2). */
    public Optional<HlsSegment> segment(String rendition, long sequence) {
        return Optional.ofNullable(current().renditions().get(rendition))
                .map(r -> r.segments().get(sequence));
    }

    /** Init segment {@code init-{number}.mp4} of {@code rendition}, while a listed or retained segment uses it. */
    public Optional<byte[]> initSegment(String rendition, long number) {
        return Optional.ofNullable(current().renditions().get(rendition))
                .map(r -> r.inits().get(number));
    }

    /** The segment file extension of this channel's format ({@code m4s}, {@code ts}). */
    public String segmentExtension() {
        return format.extension();
    }

    /** Renditions with a playlist, in master playlist order. */
    public List<String> renditions() {
        return List.copyOf(current().renditions().keySet());
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

    // ---- packaging the source ----

    /** Starts packaging {@code publication}; called by the origin on the registry's thread, returns at once. */
    void attach(Publication publication) {
        lock.lock();
        try {
            if (attached.isPresent() && attached.get() == publication) {
                return; // registered while the registry already told us (origin construction race)
            }
            FrameReader reader = publication.subscribe("hls " + name, settings.readerCapacity(), true);
            reader.runHintsInline(this::keyframeInline);
            packagerReader = reader;
            Optional<Thread> previous = packager;
            attached = Optional.of(publication);
            graceUntil = Optional.empty();
            endedAt = Optional.empty();
            lastLiveAt = Optional.of(clock.instant());
            // It wakes for every frame of the publication (~77 a second at 30 fps with AAC): FrameThreads says why.
            packager = Optional.of(FrameThreads.start("hls-" + name + "-" + publication.id(),
                    () -> run(publication, reader, previous)));
            publish();
        } finally {
            lock.unlock();
        }
    }

    private void run(Publication publication, FrameReader reader, Optional<Thread> previous) {
        try (reader) {
            if (previous.isPresent()) {
                previous.get().join();
            }
            lock.lock();
            try {
                segmenter.startPublication();
                publicationOpen = true;
                publishIfChanged();
            } finally {
                lock.unlock();
            }
            while (true) {
                switch (reader.take()) {
                    case StreamEvent.Frame f -> frame(f);
                    case StreamEvent.KeyframeStart k -> {
                        lock.lock();
                        try {
                            segmenter.keyframeStart(k.dts(), k.pts(), k.arrival());
                            publishIfChanged();
                        } finally {
                            lock.unlock();
                        }
                    }
                    case StreamEvent.Discontinuity d -> {
                        lock.lock();
                        try {
                            segmenter.discontinuity();
                            publishIfChanged();
                        } finally {
                            lock.unlock();
                        }
                    }
                    case StreamEvent.End end -> {
                        lock.lock();
                        try {
                            segmenter.endPublication();
                            publicationOpen = false;
                        } finally {
                            lock.unlock();
                        }
                        ended(publication, end.reason());
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A keyframe hint on the publisher's thread, the packager being idle ({@link FrameReader#runHintsInline}): the
     * cut and the listing of the segment it closes happen here, without waking the packager. A segment's listing
     * is the latency viewers and issue 2's benchmark see, and the hand-off to the packager thread cost a wake-up and
     * a core to share with the ingest's and the media port's threads. Never waits: when a transcoder's thread or a
     * viewer's MPD holds the lock, the packager takes the hint instead. The archive hears of the segment from the
     * packager's next step (a frame comes within milliseconds), not here: its writer's wake-up belongs to neither.
     */
    private boolean keyframeInline(StreamEvent.KeyframeStart k) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            deferArchive = true;
            segmenter.keyframeStart(k.dts(), k.pts(), k.arrival());
            publishIfChanged();
        } catch (RuntimeException e) {
            // The ingest's thread must not die of a packaging bug: counted like a frame the packager skipped.
            long n = ++frameErrors;
            if (n <= 10 || n % 1000 == 0) {
                log.warn("{}: keyframe hint at dts {} failed ({} errors so far): {}", name, k.dts(), n, e.toString());
            }
        } finally {
            deferArchive = false;
            lock.unlock();
        }
        return true;
    }

    private void frame(StreamEvent.Frame f) {
        lock.lock();
        try {
            try {
                segmenter.frame(f.frame(), f.arrival());
            } catch (RuntimeException e) {
                skipped(f.frame(), e);
            }
            publishIfChanged();
        } finally {
            lock.unlock();
        }
    }

    private void skipped(MediaFrame frame, RuntimeException e) {
        // One bad frame in a healthy stream is counted and skipped, never the end of the packager.
        long n = ++frameErrors;
        if (n <= 10 || n % 1000 == 0) {
            log.warn("{}: frame {} skipped ({} so far): {}", name, frame, n, e.toString());
        }
    }

    /** The segmenter's decisions, applied to the renditions (under the lock: the packager thread holds it). */
    private final class Sink implements HlsSegmenter.Sink {
        @Override
        public void tracks(Optional<VideoConfig> video, Optional<AudioConfig> audio) {
            sourceVideo = video;
            sourceAudio = audio;
            if (format.separateTracks()) {
                video.ifPresent(v -> rendition(SOURCE, Rendition.Kind.VIDEO));
                audio.ifPresent(a -> rendition(AUDIO, Rendition.Kind.AUDIO));
            } else {
                rendition(SOURCE, video.isPresent() ? Rendition.Kind.VIDEO : Rendition.Kind.AUDIO);
            }
        }

        @Override
        public void cut(long pts, long dts, boolean discontinuity, Instant programDateTime) {
            Boundary b = plan.add(pts, discontinuity, programDateTime);
            if (sourceAudio.isPresent()) {
                audioCutter.boundary(b);
            }
            // The source's segment before the boundary is complete now, whether or not its keyframe is all in.
            source(Rendition.Kind.VIDEO).ifPresent(source -> source.cutter().boundaryReached(b, dts));
            drainTranscoded();
        }

        @Override
        public void frame(MediaFrame frame) {
            switch (frame) {
                case VideoFrame v -> {
                    plan.sourceKeyframe(v.keyframe() ? v.pts() : v.dts());
                    if (lowLatency && sourceAudio.isPresent()) {
                        audioCutter.advance(); // audio the video went past may now make parts
                    }
                    source(Rendition.Kind.VIDEO).ifPresent(source -> source.frame(v));
                }
                case AudioFrame a -> {
                    if (sourceVideo.isEmpty()) {
                        plan.sourceKeyframe(a.dts()); // audio-only: the segmenter decided up to this frame
                    }
                    audioCutter.frame(a);
                }
            }
        }

        @Override
        public void interrupt() {
            source(Rendition.Kind.VIDEO).ifPresent(source -> source.cutter().end());
            audioCutter.interrupt();
            audioDoneThrough = plan.last().map(Boundary::sequence).orElse(Long.MIN_VALUE);
            plan.closeEpoch();
            drainTranscoded();
            Instant now = clock.instant();
            for (Rendition r : renditions.values()) {
                if (r.kind() == Rendition.Kind.VIDEO) {
                    r.flushWaiting(false, now);
                }
            }
        }
    }

    /** The source rendition when it is of {@code kind} (video, or audio for an audio-only MPEG-TS source). */
    private Optional<Rendition> source(Rendition.Kind kind) {
        return Optional.ofNullable(renditions.get(SOURCE)).filter(r -> r.kind() == kind);
    }

    private Rendition rendition(String rendition, Rendition.Kind kind) {
        Rendition r = renditions.get(rendition);
        if (r == null || r.kind() != kind) {
            boolean muxAudio = !format.separateTracks() && kind == Rendition.Kind.VIDEO;
            r = new Rendition(name, rendition, kind, format, settings, plan, this::gapTicks,
                    muxAudio ? this::audioLookup : seq -> new Rendition.AudioLookup.None(), clock::instant,
                    Optional.ofNullable(r).map(Rendition::window), // a kind change (MPEG-TS) continues the playlist
                    archive);
            renditions.put(rendition, r);
        }
        return r;
    }

    private void drainTranscoded() {
        for (Rendition r : renditions.values()) {
            if (!r.name().equals(SOURCE) && r.kind() == Rendition.Kind.VIDEO) {
                r.cutter().drain(false);
            }
        }
    }

    private void audioPart(TrackPart part) {
        recentAudio.put(part.sequence(), part);
        latestAudio = Math.max(latestAudio, part.sequence());
        while (recentAudio.size() > RECENT_AUDIO) {
            recentAudio.pollFirstEntry();
        }
        Instant now = clock.instant();
        if (format.separateTracks()) {
            rendition(AUDIO, Rendition.Kind.AUDIO).audioPart(part, now);
        } else {
            source(Rendition.Kind.AUDIO).ifPresent(source -> source.audioPart(part, now));
            for (Rendition r : renditions.values()) {
                if (r.kind() == Rendition.Kind.VIDEO) {
                    r.flushWaiting(false, now);
                }
            }
        }
    }

    private void audioProgress(SegmentHead head, MediaFrame frame) {
        rendition(AUDIO, Rendition.Kind.AUDIO).progress(head, frame);
    }

    private Rendition.AudioLookup audioLookup(long sequence) {
        TrackPart part = recentAudio.get(sequence);
        if (part != null) {
            return new Rendition.AudioLookup.Present(part);
        }
        if (sourceAudio.isEmpty() || latestAudio >= sequence || audioDoneThrough >= sequence) {
            return new Rendition.AudioLookup.None();
        }
        return new Rendition.AudioLookup.Pending();
    }

    /** The 90 kHz duration of segment {@code sequence} per the plan, for a gap; the target when unknown. */
    private long gapTicks(long sequence) {
        Optional<Boundary> b = plan.get(sequence);
        Optional<Boundary> next = plan.get(sequence + 1);
        if (b.isPresent() && next.isPresent() && next.get().epoch() == b.get().epoch()) {
            return next.get().pts() - b.get().pts();
        }
        return settings.targetDuration().toMillis() * 90;
    }

    // ---- transcoded renditions ----

    void renditionStarted(String rendition) {
        lock.lock();
        try {
            Rendition r = renditions.get(rendition);
            awaitingRestart.remove(rendition);
            if (r == null) {
                r = rendition(rendition, Rendition.Kind.VIDEO);
                log.info("{}: rendition {} started", name, rendition);
            } else {
                r.cutter().restart();
                r.started();
                log.info("{}: rendition {} restarted: discontinuity", name, rendition);
            }
            publishIfChanged();
        } finally {
            lock.unlock();
        }
    }

    void renditionFrame(String rendition, MediaFrame frame) {
        lock.lock();
        try {
            Rendition r = renditions.get(rendition);
            if (r == null || r.kind() != Rendition.Kind.VIDEO || !(frame instanceof VideoFrame v)) {
                return; // not started, or not video: the contract sends video frames after renditionStarted
            }
            try {
                r.frame(v);
            } catch (RuntimeException e) {
                skipped(frame, e);
            }
            publishIfChanged();
        } finally {
            lock.unlock();
        }
    }

    void renditionEnded(String rendition, String reason) {
        lock.lock();
        try {
            Rendition r = renditions.get(rendition);
            if (r == null || r.ended()) {
                return;
            }
            endRendition(r, reason);
        } finally {
            lock.unlock();
        }
    }

    void renditionSourceEnded(String rendition) {
        lock.lock();
        try {
            Rendition r = renditions.get(rendition);
            if (r == null || r.ended()) {
                return;
            }
            boolean goesOn = !playlistEnded && (attached.isPresent() || graceUntil.isPresent());
            if (goesOn) {
                // A reconnect (OBS's, or a takeover): the source's playlist goes on, and the next publication's
                // transcoder restarts this rendition in a second or so (renditionStarted: a discontinuity). Ending
                // its playlist here gave its viewers an ENDLIST in the middle of the stream.
                Instant until = graceUntil.orElse(clock.instant()).plus(TRANSCODE_DRAIN);
                awaitingRestart.put(rendition, until);
                log.info("{}: rendition {}: its transcoder stopped with the publication; its playlist stays open"
                        + " until {} for the reconnect's", name, rendition, until);
                return;
            }
            endRendition(r, "publication ended");
        } finally {
            lock.unlock();
        }
    }

    private void endRendition(Rendition r, String reason) {
        r.end();
        log.info("{}: rendition {} ended ({}): its playlist ends, it leaves the master playlist", name, r.name(),
                reason);
        archiveEndedIfDone(clock.instant());
        publish();
    }

    // ---- end of publications ----

    private void ended(Publication publication, EndReason reason) {
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long a transcoded rendition may keep delivering after the stream ended before its playlist is ended anyway:
     * ffmpeg runs about a second behind the source and is given 5 s to drain (TranscodeSettings' kill time-out), so
     * its last segments arrive after the source's ENDLIST; past this the transcoder is not coming back.
     */
    static final java.time.Duration TRANSCODE_DRAIN = java.time.Duration.ofSeconds(10);

    /**
     * Transcoded renditions whose transcoder stopped with a publication while the playlist goes on (a reconnect),
     * and until when their playlists wait for the next publication's transcoder. Guarded by the lock.
     */
    private final Map<String, Instant> awaitingRestart = new HashMap<>();

    private void endPlaylist(Instant now) {
        // A transcoded rendition still running ends when the transcoder says so (renditionEnded, after ffmpeg drained
        // its last frames): ending its window now dropped its last segment, which arrives after the source's end.
        renditions.values().stream().filter(r -> !transcodingStill(r)).forEach(r -> r.window().end());
        // Renditions waiting for a reconnect's transcoder: there will be none.
        awaitingRestart.keySet().forEach(n -> Optional.ofNullable(renditions.get(n)).ifPresent(Rendition::end));
        awaitingRestart.clear();
        playlistEnded = true;
        endedAt = Optional.of(now);
        graceUntil = Optional.empty();
        log.info("{}: playlist ended (EXT-X-ENDLIST)", name);
        archiveEndedIfDone(now);
    }

    /**
     * Tells the archive the broadcast is complete once the playlist ended and no transcoded rendition is still
     * delivering (they end about a second after the source, or at {@link #TRANSCODE_DRAIN}).
     */
    private void archiveEndedIfDone(Instant now) {
        if (archiving && playlistEnded && renditions.values().stream().noneMatch(this::transcodingStill)) {
            archiving = false;
            archive.ended(name, now);
        }
    }

    /**
     * The archive behind a guard: whatever it throws is logged, never reaches the packager. Calls are held until the
     * snapshot that lists their segment is published ({@link #flush}): handing a segment to the archive wakes its
     * writer thread, and on a busy machine that wake-up can cost the packager milliseconds (measured: up to 2.9 ms
     * with the replay recorder), which belong after the listing, not before it. Guarded by the channel's lock.
     */
    private final class Guarded implements SegmentArchive {
        private final SegmentArchive target;
        private final List<Runnable> pending = new ArrayList<>();

        Guarded(SegmentArchive target) {
            this.target = java.util.Objects.requireNonNull(target, "archive");
        }

        @Override
        public void init(String channel, String rendition, long number, byte[] bytes) {
            pending.add(() -> {
                try {
                    target.init(channel, rendition, number, bytes);
                } catch (RuntimeException e) {
                    log.error("{}: the segment archive failed on an init segment of {}", channel, rendition, e);
                }
            });
        }

        @Override
        public void segment(String channel, String rendition, ArchivedSegment segment) {
            archiving = true;
            pending.add(() -> {
                try {
                    target.segment(channel, rendition, segment);
                } catch (RuntimeException e) {
                    log.error("{}: the segment archive failed on segment {} of {}", channel,
                            segment.segment().sequence(), rendition, e);
                }
            });
        }

        @Override
        public void ended(String channel, Instant at) {
            handOver(); // in order: the broadcast's last segments before its end
            try {
                target.ended(channel, at);
            } catch (RuntimeException e) {
                log.error("{}: the segment archive failed at the end of the broadcast", channel, e);
            }
        }

        /** Hands over what was held, in order (unless a hint runs on the publisher's thread). */
        void flush() {
            if (!deferArchive) {
                handOver();
            }
        }

        private void handOver() {
            if (pending.isEmpty()) {
                return;
            }
            List<Runnable> calls = List.copyOf(pending);
            pending.clear();
            calls.forEach(Runnable::run);
        }
    }

    /**
     * Ends the playlist when the grace is over and frees segments past their retention.
     *
     * @return true when the channel is over and may be forgotten: ended longer than
     *         {@link HlsSettings#endedRetention()} ago and not live
     */
    boolean sweep(Instant now) {
        lock.lock();
        try {
            boolean changed = false;
            for (Rendition r : renditions.values()) {
                changed |= r.window().purge(now);
            }
            changed |= renditions.values().removeIf(r -> r.ended() && r.window().drained());
            if (attached.isEmpty() && graceUntil.isPresent() && !now.isBefore(graceUntil.get())) {
                endPlaylist(now);
                changed = true;
            }
            for (var it = awaitingRestart.entrySet().iterator(); it.hasNext(); ) {
                var waiting = it.next();
                if (!now.isBefore(waiting.getValue())) {
                    it.remove();
                    Optional.ofNullable(renditions.get(waiting.getKey())).ifPresent(r -> {
                        log.info("{}: rendition {} did not come back with the reconnect: its playlist ends", name,
                                r.name());
                        r.end();
                    });
                    archiveEndedIfDone(now);
                    changed = true;
                }
            }
            if (playlistEnded && endedAt.isPresent() && !now.isBefore(endedAt.get().plus(TRANSCODE_DRAIN))) {
                for (Rendition r : renditions.values()) {
                    if (transcodingStill(r)) {
                        log.warn("{}: rendition {} still open {} after the stream ended: ending its playlist", name,
                                r.name(), TRANSCODE_DRAIN);
                        r.end();
                        changed = true;
                    }
                }
                archiveEndedIfDone(now);
            }
            if (changed) {
                publish();
            } else {
                wake(); // held requests re-check the clock
            }
            archive.flush();
            return attached.isEmpty() && endedAt.isPresent()
                    && !now.isBefore(endedAt.get().plus(settings.endedRetention()));
        } finally {
            lock.unlock();
        }
    }

    /** Stops the packager thread, for shutdown. */
    void close() {
        lock.lock();
        try {
            packager.ifPresent(Thread::interrupt);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the packager to finish its publication (it ends when the publication's end was processed). */
    void awaitPackager() throws InterruptedException {
        Optional<Thread> t;
        lock.lock();
        try {
            t = packager;
        } finally {
            lock.unlock();
        }
        if (t.isPresent()) {
            t.get().join();
        }
    }

    // ---- offline packaging ({@link OfflinePackager}): the packager thread's steps, driven by the caller ----

    /** A file's timeline begins: the same as a publication starting (tracks probed, first segment flagged). */
    void startOffline() {
        lock.lock();
        try {
            segmenter.startPublication();
            publicationOpen = true;
            publishIfChanged();
        } finally {
            lock.unlock();
        }
    }

    /** A frame of the file's source, as the packager thread hands one over from a publication's reader. */
    void sourceFrame(MediaFrame frame, Instant arrival) {
        lock.lock();
        try {
            try {
                segmenter.frame(frame, arrival);
            } catch (RuntimeException e) {
                skipped(frame, e);
            }
            publishIfChanged();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The file's source ended: its last segment is complete and the playlist ends, as on a clean unpublish. The
     * transcoded renditions end with {@link #renditionEnded}, after which the archive hears {@code ended}.
     */
    void endOffline() {
        lock.lock();
        try {
            segmenter.endPublication();
            publicationOpen = false;
            endPlaylist(clock.instant());
            publish();
        } finally {
            lock.unlock();
        }
    }

    // ---- for tests in this package (single-threaded: no packager running) ----

    HlsSegmenter segmenterForTest() {
        return segmenter;
    }

    void startPublicationForTest() {
        lock.lock();
        try {
            segmenter.startPublication();
            publicationOpen = true;
        } finally {
            lock.unlock();
        }
    }

    void endPublicationForTest() {
        lock.lock();
        try {
            segmenter.endPublication();
            publicationOpen = false;
            publish();
        } finally {
            lock.unlock();
        }
    }

    /** The packager waits for its publication's next event (for tests: a keyframe hint would run inline). */
    boolean packagerIdleForTest() {
        FrameReader r = packagerReader;
        return r != null && r.idle();
    }

    Optional<Rendition> renditionForTest(String rendition) {
        lock.lock();
        try {
            return Optional.ofNullable(renditions.get(rendition));
        } finally {
            lock.unlock();
        }
    }

    /** A transcoded rendition that has not ended: its encoder may still deliver after the source ended. */
    private boolean transcodingStill(Rendition r) {
        return r.kind() == Rendition.Kind.VIDEO && !SOURCE.equals(r.name()) && !r.ended();
    }

    void endPlaylistForTest() {
        lock.lock();
        try {
            endPlaylist(clock.instant());
            publish();
        } finally {
            lock.unlock();
        }
    }

    void publishForTest() {
        lock.lock();
        try {
            publish();
        } finally {
            lock.unlock();
        }
    }

    // ---- snapshots ----

    /** Publishes when a window changed; either way the archive gets what it was held back (publish flushes too). */
    private void publishIfChanged() {
        if (version() != publishedVersion) {
            publish();
        } else {
            archive.flush();
        }
    }

    private long version() {
        long v = renditions.size();
        for (Rendition r : renditions.values()) {
            v = v * 31 + r.window().version() + (r.ended() ? 1 : 0);
        }
        return v;
    }

    private void publish() {
        publishedVersion = version();
        // A transcoded rendition still draining after the source's ENDLIST belongs to the playlist that ended, not to
        // a new one.
        boolean windowsEnded = renditions.values().stream()
                .allMatch(r -> r.window().ended() || r.window().isEmpty() || transcodingStill(r));
        if (playlistEnded && !windowsEnded) {
            playlistEnded = false; // a new publication started a new playlist: a new DASH presentation too
            dash.reset();
        }
        List<Rendition> video = variants();
        Optional<Rendition> audio = audioVariant();
        Map<String, ChannelSnapshot.RenditionSnapshot> views = new LinkedHashMap<>();
        int version = format.separateTracks() ? MediaPlaylist.VERSION_FMP4 : MediaPlaylist.VERSION_TS;
        Map<String, LiveEdge> edges = new LinkedHashMap<>();
        if (lowLatency) {
            renditions.values().forEach(r -> r.window().edge().ifPresent(e -> edges.put(r.name(), e)));
        }
        for (Rendition r : renditions.values()) {
            Optional<MediaPlaylist> playlist;
            if (lowLatency) {
                // EXT-X-RENDITION-REPORT for every other rendition with a playlist (§4.4.5.4), audio included.
                List<MediaPlaylist.RenditionReport> reports = edges.entrySet().stream()
                        .filter(e -> !e.getKey().equals(r.name()))
                        .map(e -> new MediaPlaylist.RenditionReport(e.getKey(), e.getValue().reportMsn(),
                                e.getValue().reportPart()))
                        .toList();
                playlist = r.window().playlist(version, OptionalDouble.of(partTargetSeconds()), reports);
            } else {
                playlist = r.window().playlist(version);
            }
            views.put(r.name(), new ChannelSnapshot.RenditionSnapshot(
                    playlist.map(p -> new Lazy<>(p::render)), r.window().fetchable(), r.window().inits(),
                    lowLatency ? playlist.map(p -> new Lazy<>(() -> p.render(true))) : Optional.empty(),
                    Optional.ofNullable(edges.get(r.name())),
                    lowLatency ? r.window().fetchableParts() : Map.of()));
        }
        // The first master playlist waits until the source and the audio rendition both have a segment: a player
        // loads the master once (hls.js never reloads it), so one served before the audio's first segment would
        // leave that viewer without the audio group, and without sound, for the whole session. Once served, the
        // master stays (renditions join and leave it as they come and go).
        boolean firstTracksReady = snapshot.master().isPresent() || renditions.values().stream()
                .filter(r -> r.name().equals(SOURCE) || r.name().equals(AUDIO))
                .allMatch(r -> r.ended() || r.window().stats().isPresent());
        Optional<Lazy<String>> master = firstTracksReady ? master(video, audio, version) : Optional.empty();
        // The MPD is built when first requested, from the channel's state then (under the lock: the same state as
        // the latest snapshot's, since every change under the lock ends with a publish), not on the way to a listing.
        Optional<Lazy<Optional<DashManifest>>> mpd = format.separateTracks() && firstTracksReady
                ? Optional.of(new Lazy<>(this::buildMpd)) : Optional.empty();
        snapshot = new ChannelSnapshot(master, mpd, Map.copyOf(views), attached.isPresent(), lastLiveAt,
                graceUntil);
        wake();
        archive.flush(); // after the listing is out: see Guarded
    }

    /**
     * The video renditions of the master playlist and the MPD, by peak bandwidth. A rendition that ended while the
     * stream goes on (its encoder gave up) leaves both; one that ended with the stream (the transcoder's input ended
     * too) stays, its playlist ended.
     */
    private List<Rendition> variants() {
        return renditions.values().stream()
                .filter(r -> r.kind() == Rendition.Kind.VIDEO && (!r.ended() || endedWithTheStream(r))
                        && r.window().stats().isPresent())
                .sorted(Comparator.comparingLong((Rendition r) -> -r.window().stats().orElseThrow().peakBandwidth()))
                .toList();
    }

    private Optional<Rendition> audioVariant() {
        return Optional.ofNullable(renditions.get(AUDIO)).filter(r -> r.window().stats().isPresent());
    }

    private Optional<DashManifest> buildMpd() {
        lock.lock();
        try {
            Optional<Rendition> audio = audioVariant();
            Optional<Rendition> main = source(Rendition.Kind.VIDEO).or(() -> audio);
            return main.flatMap(m -> dash.build(m, variants(), audio, m.window().ended(), clock.instant()));
        } finally {
            lock.unlock();
        }
    }

    /** Ended, but with the source: no publication is packaged and it has the source's last segment or the one before. */
    private boolean endedWithTheStream(Rendition r) {
        if (publicationOpen) {
            return false;
        }
        long last = lastSequence(r);
        return Optional.ofNullable(renditions.get(SOURCE)).map(s -> last >= lastSequence(s) - 1).orElse(true);
    }

    private static long lastSequence(Rendition r) {
        List<HlsSegment> listed = r.window().listed();
        return listed.isEmpty() ? Long.MIN_VALUE : listed.getLast().sequence();
    }

    /**
     * Variants by peak bandwidth, highest first (the source, then the rungs), then the audio-only variant: players
     * that start with the first listed variant (AVPlayer) start with the best picture the streamer sent and step
     * down after one segment if the link cannot carry it; hls.js on the watch page estimates first instead.
     */
    private Optional<Lazy<String>> master(List<Rendition> video, Optional<Rendition> audio, int version) {
        List<VariantStream> variants = new ArrayList<>();
        Optional<WindowStats> a = audio.flatMap(r -> r.window().stats());
        Optional<AudioMedia> group = a.isPresent() && !video.isEmpty()
                ? Optional.of(new AudioMedia(AUDIO_GROUP, "Audio", AUDIO + "/index.m3u8"))
                : Optional.empty();
        for (Rendition r : video) {
            WindowStats v = r.window().stats().orElseThrow();
            List<String> codecs = new ArrayList<>();
            v.video().ifPresent(c -> codecs.add(c.codecsString()));
            v.audio().ifPresent(c -> codecs.add(c.codecsString())); // MPEG-TS: muxed in
            a.flatMap(WindowStats::audio).ifPresent(c -> codecs.add(c.codecsString()));
            variants.add(new VariantStream(v.peakBandwidth() + a.map(WindowStats::peakBandwidth).orElse(0L),
                    v.averageBandwidth() + a.map(WindowStats::averageBandwidth).orElse(0L),
                    String.join(",", codecs), v.video().map(c -> c.width() + "x" + c.height()), v.frameRate(),
                    group.map(AudioMedia::group), r.name() + "/index.m3u8"));
        }
        if (a.isPresent()) {
            // The audio-only variant, for links too slow for any picture (Apple's HLS authoring spec).
            WindowStats s = a.get();
            variants.add(new VariantStream(s.peakBandwidth(), s.averageBandwidth(),
                    s.audio().map(AudioConfig::codecsString).orElse(""), Optional.empty(),
                    java.util.OptionalDouble.empty(), group.map(AudioMedia::group), AUDIO + "/index.m3u8"));
        }
        if (!format.separateTracks() && video.isEmpty()) {
            // MPEG-TS audio-only source: its one rendition carries the audio.
            source(Rendition.Kind.AUDIO)
                    .flatMap(r -> r.window().stats()).ifPresent(s -> variants.add(new VariantStream(
                            s.peakBandwidth(), s.averageBandwidth(),
                            s.audio().map(AudioConfig::codecsString).orElse(""), Optional.empty(),
                            java.util.OptionalDouble.empty(), Optional.empty(), SOURCE + "/index.m3u8")));
        }
        if (variants.isEmpty()) {
            return Optional.empty();
        }
        MasterPlaylist playlist = new MasterPlaylist(version, group, List.copyOf(variants));
        return Optional.of(new Lazy<>(playlist::render));
    }
}
