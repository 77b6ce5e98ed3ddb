package io.onair.hls;

import io.onair.stream.EndReason;
import io.onair.stream.FrameReader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's HLS and DASH output, across its publications: a packager consumes each publication's
 * {@link FrameReader} on a virtual thread of its own (the publisher only enqueues), decides the segment boundaries
 * ({@link SegmentPlan}), cuts every rendition at them, and publishes an immutable {@link ChannelSnapshot}. Readers
 * (the HTTP layer) only read the snapshot.
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
    private final Object lock = new Object();
    private volatile ChannelSnapshot snapshot = ChannelSnapshot.EMPTY;

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

    HlsChannel(String name, HlsSettings settings, InstantSource clock, SegmentFormat format) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.format = format;
        // Sequence numbers start at the current Unix time in seconds: segments are at least a second long, so a
        // channel forgotten (or a server restarted) and published again starts above any number it used before,
        // and URIs a CDN cached as immutable are never reused for other bytes.
        this.plan = new SegmentPlan(clock.instant().getEpochSecond());
        this.segmenter = new HlsSegmenter(name, settings.targetDuration(), settings.maxSegmentBytes(), new Sink());
        this.audioCutter = new AudioCutter(name, this::audioPart);
        this.dash = new DashBuilder(settings);
    }

    public String name() {
        return name;
    }

    /** The master playlist; empty until the first segment exists. */
    public Optional<String> masterPlaylist() {
        return current().master();
    }

    /** The DASH MPD (fMP4 only); empty until the first segment exists. */
    public Optional<String> dashManifest() {
        return current().mpd().map(m -> m.render(clock.instant()));
    }

    /** The media playlist of {@code rendition}; empty until its first segment exists. */
    public Optional<String> mediaPlaylist(String rendition) {
        return Optional.ofNullable(current().renditions().get(rendition))
                .flatMap(ChannelSnapshot.RenditionSnapshot::playlist);
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
            synchronized (lock) {
                segmenter.startPublication();
                publicationOpen = true;
                publishIfChanged();
            }
            while (true) {
                switch (reader.take()) {
                    case StreamEvent.Frame f -> frame(f);
                    case StreamEvent.Discontinuity d -> {
                        synchronized (lock) {
                            segmenter.discontinuity();
                            publishIfChanged();
                        }
                    }
                    case StreamEvent.End end -> {
                        synchronized (lock) {
                            segmenter.endPublication();
                            publicationOpen = false;
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

    private void frame(StreamEvent.Frame f) {
        synchronized (lock) {
            try {
                segmenter.frame(f.frame(), f.arrival());
            } catch (RuntimeException e) {
                skipped(f.frame(), e);
            }
            publishIfChanged();
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
        public void cut(long pts, boolean discontinuity, Instant programDateTime) {
            Boundary b = plan.add(pts, discontinuity, programDateTime);
            if (sourceAudio.isPresent()) {
                audioCutter.boundary(b);
            }
            drainTranscoded();
        }

        @Override
        public void frame(MediaFrame frame) {
            switch (frame) {
                case VideoFrame v -> {
                    plan.sourceKeyframe(v.keyframe() ? v.pts() : v.dts());
                    Rendition source = renditions.get(SOURCE);
                    if (source != null && source.kind() == Rendition.Kind.VIDEO) {
                        source.frame(v);
                    }
                }
                case AudioFrame a -> audioCutter.frame(a);
            }
        }

        @Override
        public void interrupt() {
            Rendition source = renditions.get(SOURCE);
            if (source != null && source.kind() == Rendition.Kind.VIDEO) {
                source.cutter().end();
            }
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

    private Rendition rendition(String rendition, Rendition.Kind kind) {
        Rendition r = renditions.get(rendition);
        if (r == null || r.kind() != kind) {
            boolean muxAudio = !format.separateTracks() && kind == Rendition.Kind.VIDEO;
            r = new Rendition(name, rendition, kind, format, settings, plan, this::gapTicks,
                    muxAudio ? this::audioLookup : seq -> new Rendition.AudioLookup.None(), clock::instant,
                    Optional.ofNullable(r).map(Rendition::window)); // a kind change (MPEG-TS) continues the playlist
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
            Rendition source = renditions.get(SOURCE);
            if (source != null && source.kind() == Rendition.Kind.AUDIO) {
                source.audioPart(part, now);
            }
            for (Rendition r : renditions.values()) {
                if (r.kind() == Rendition.Kind.VIDEO) {
                    r.flushWaiting(false, now);
                }
            }
        }
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
        synchronized (lock) {
            Rendition r = renditions.get(rendition);
            if (r == null) {
                r = rendition(rendition, Rendition.Kind.VIDEO);
                log.info("{}: rendition {} started", name, rendition);
            } else {
                r.cutter().restart();
                r.started();
                log.info("{}: rendition {} restarted: discontinuity", name, rendition);
            }
            publishIfChanged();
        }
    }

    void renditionFrame(String rendition, MediaFrame frame) {
        synchronized (lock) {
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
        }
    }

    void renditionEnded(String rendition, String reason) {
        synchronized (lock) {
            Rendition r = renditions.get(rendition);
            if (r == null || r.ended()) {
                return;
            }
            r.end();
            log.info("{}: rendition {} ended ({}): its playlist ends, it leaves the master playlist", name,
                    rendition, reason);
            publish();
        }
    }

    // ---- end of publications ----

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
        renditions.values().forEach(r -> r.window().end());
        playlistEnded = true;
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
            boolean changed = false;
            for (Rendition r : renditions.values()) {
                changed |= r.window().purge(now);
            }
            changed |= renditions.values().removeIf(r -> r.ended() && r.window().drained());
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

    // ---- for tests in this package (single-threaded: no packager running) ----

    HlsSegmenter segmenterForTest() {
        return segmenter;
    }

    void startPublicationForTest() {
        synchronized (lock) {
            segmenter.startPublication();
            publicationOpen = true;
        }
    }

    void endPublicationForTest() {
        synchronized (lock) {
            segmenter.endPublication();
            publicationOpen = false;
            publish();
        }
    }

    Optional<Rendition> renditionForTest(String rendition) {
        synchronized (lock) {
            return Optional.ofNullable(renditions.get(rendition));
        }
    }

    void publishForTest() {
        synchronized (lock) {
            publish();
        }
    }

    // ---- snapshots ----

    private void publishIfChanged() {
        if (version() != publishedVersion) {
            publish();
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
        boolean windowsEnded = renditions.values().stream().allMatch(r -> r.window().ended() || r.window().isEmpty());
        if (playlistEnded && !windowsEnded) {
            playlistEnded = false; // a new publication started a new playlist: a new DASH presentation too
            dash.reset();
        }
        // A rendition that ended while the stream goes on (its encoder gave up) leaves the master playlist and the
        // MPD; one that ended with the stream (the transcoder's input ended too) stays, its playlist ended.
        List<Rendition> video = renditions.values().stream()
                .filter(r -> r.kind() == Rendition.Kind.VIDEO && (!r.ended() || endedWithTheStream(r))
                        && r.window().stats().isPresent())
                .sorted(Comparator.comparingLong((Rendition r) -> -r.window().stats().orElseThrow().peakBandwidth()))
                .toList();
        Optional<Rendition> audio = Optional.ofNullable(renditions.get(AUDIO))
                .filter(r -> r.window().stats().isPresent());
        Map<String, ChannelSnapshot.RenditionSnapshot> views = new LinkedHashMap<>();
        int version = format.separateTracks() ? MediaPlaylist.VERSION_FMP4 : MediaPlaylist.VERSION_TS;
        for (Rendition r : renditions.values()) {
            views.put(r.name(), new ChannelSnapshot.RenditionSnapshot(
                    r.window().playlist(version).map(MediaPlaylist::render), r.window().fetchable(),
                    r.window().inits()));
        }
        Optional<String> master = master(video, audio, version);
        Optional<DashManifest> mpd = Optional.empty();
        if (format.separateTracks()) {
            Optional<Rendition> main = Optional.ofNullable(renditions.get(SOURCE))
                    .filter(r -> r.kind() == Rendition.Kind.VIDEO).or(() -> audio);
            mpd = main.flatMap(m -> dash.build(m, video, audio, m.window().ended(), clock.instant()));
        }
        snapshot = new ChannelSnapshot(master, mpd, Map.copyOf(views), attached.isPresent(), lastLiveAt,
                graceUntil);
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
    private Optional<String> master(List<Rendition> video, Optional<Rendition> audio, int version) {
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
            Optional.ofNullable(renditions.get(SOURCE)).filter(r -> r.kind() == Rendition.Kind.AUDIO)
                    .flatMap(r -> r.window().stats()).ifPresent(s -> variants.add(new VariantStream(
                            s.peakBandwidth(), s.averageBandwidth(),
                            s.audio().map(AudioConfig::codecsString).orElse(""), Optional.empty(),
                            java.util.OptionalDouble.empty(), Optional.empty(), SOURCE + "/index.m3u8")));
        }
        if (variants.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MasterPlaylist(version, group, variants).render());
    }
}
